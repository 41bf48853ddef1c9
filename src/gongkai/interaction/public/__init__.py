"""The public (portal) pages of interaction: views, URL patterns; mounted by ``portal/urls.py``."""
