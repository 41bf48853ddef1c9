"""The public (portal) pages of ratings: views, URL patterns; mounted by ``portal/urls.py``."""
