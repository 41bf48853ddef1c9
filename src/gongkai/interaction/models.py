"""Models of interaction."""
