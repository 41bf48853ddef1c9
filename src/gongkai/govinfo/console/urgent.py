"""The urgent verbs of ``gongkai govinfo``."""
