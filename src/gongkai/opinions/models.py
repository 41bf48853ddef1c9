"""Models of opinions."""
