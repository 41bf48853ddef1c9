"""Views of the staff back office (工作台), one module per sub-domain.

Every view is login-required and reads through the policy modules' queryset filters, so that an id
changed in the URL finds nothing (404) unless the person may read it; an action the policy does not
allow on a readable object is refused with 403. Changes go through the service functions only.
"""
