"""The scoring verbs of ``gongkai govinfo``."""
