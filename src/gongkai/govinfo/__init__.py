"""政务信息报送 (docs/SPEC.md §8): information submissions from the units to the information section of
the general office they report to, commissioning, sign-off, adoption into numbered publication
issues, leaders' instructions, points, rankings and 通报, and urgent reports whose every step is
time-stamped in a tamper-evident log."""
