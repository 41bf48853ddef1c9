"""Settings for the test suite: the real settings with a cheap password hasher (STYLE: fast by habit)."""

from gongkai.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = None  # type: ignore[assignment] # WhiteNoise serves from the finders in tests; nothing is collected

# Sign-in protection in tests (see docs/ARCHITECTURE.md, "Sessions and sign-in"):
# - login throttling (django-axes) stays on: force_login and posts to the login page work with it;
# - two-factor sign-in and the idle timeout are off, because most tests sign people in with
#   force_login and move the frozen clock by days between requests; the tests of accounts/ turn
#   them on (settings fixture) and gongkai.testing.login_verified() signs in with a verified device;
# - Django admin is on, for the tests of the read-only admin pages.
GONGKAI = {**GONGKAI, "TWO_FACTOR": "off", "SESSION_IDLE_MINUTES": 0, "ADMIN_ENABLED": True}  # noqa: F405
