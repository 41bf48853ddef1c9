"""Satisfaction ratings (社会评议, docs/SPEC.md §3, §7) of items and bodies, and their figures per
body and month."""
