# The two commands of the README, and a few maintainer shortcuts. Everything runs in ./.venv,
# created from the locked dependencies (uv.lock) by scripts/bootstrap.

.PHONY: demo test lint typecheck layers check bench

demo:            ## install and start the platform with the demo region (SQLite, local files)
	@scripts/bootstrap
	.venv/bin/gongkai demo

test:            ## install and run the whole test suite, on SQLite and on PostgreSQL
	@scripts/bootstrap --dev
	scripts/test

lint:
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/ruff format --check src tests benchmarks

typecheck:
	.venv/bin/mypy

layers:          ## the import contracts of pyproject.toml (layers, no cycles, kernels without Django)
	.venv/bin/lint-imports

check: lint typecheck layers
	GONGKAI_DATA_DIR=$${TMPDIR:-/tmp}/gongkai-check .venv/bin/gongkai manage makemigrations --check --dry-run
