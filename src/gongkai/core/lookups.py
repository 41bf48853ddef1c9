"""``field__in=[…]`` on integer columns ignores numbers the column cannot hold.

Django (5.0+) already answers ``pk=10**30`` with "no such row" (``IntegerFieldExact``), but not
``pk__in=[10**30]``: SQLite raises ``OverflowError`` on the query. Every
``ModelMultipleChoiceField`` validates what a form posts with ``pk__in``, so a posted id past
2**63-1 was a 500 (found by the URL walk, tests/test_url_walk.py). Such a number names no row, as
an unknown id does (core/params.py): it is dropped from the list, and an empty list matches nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """``in`` for integer fields (ids included): values out of the column's range match nothing."""

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
