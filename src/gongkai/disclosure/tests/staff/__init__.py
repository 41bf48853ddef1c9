"""Tests of the active-disclosure staff screens."""
