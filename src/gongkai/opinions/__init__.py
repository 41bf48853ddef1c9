"""预公开 / 意见征集 (docs/SPEC.md §2.4, §3): drafts opened for public comment, the comments and
their answers, and the published 采纳情况."""
