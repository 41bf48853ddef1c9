"""The public (portal) pages of opinions: views, URL patterns; mounted by ``portal/urls.py``."""
