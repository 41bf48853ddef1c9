"""Gongkai (公开): the platform for government information disclosure (政务公开)."""

__version__ = "0.1.0"
