"""Service entry points of active disclosure: every change goes through one function here."""
