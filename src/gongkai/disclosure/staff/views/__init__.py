"""Views of the active-disclosure staff screens (routes in ``gongkai.disclosure.staff.urls``)."""
