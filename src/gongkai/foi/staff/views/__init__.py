"""Views of the request screens (依申请公开)."""
