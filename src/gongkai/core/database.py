"""Database upkeep shared by the console commands and the demo generator."""

from __future__ import annotations


def refresh_statistics() -> None:
    """Give the query planner current statistics (cheap: SQLite samples with an analysis limit).

    Without them, SQLite ignores the listing indexes and walks every item for a column page or a
    search-result lookup (measured: 400 ms instead of 4 ms at 1M items, docs/PERFORMANCE.md).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
