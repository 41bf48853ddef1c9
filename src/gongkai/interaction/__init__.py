"""互动 (docs/SPEC.md §3): citizens' messages and questions to a body (留言/咨询), answered within
working-day deadlines."""
