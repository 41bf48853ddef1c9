"""Template helpers of the annual report: ``{% load reports %}``."""
