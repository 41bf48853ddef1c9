"""Settings for the test suite: the real settings with a cheap password hasher (STYLE: fast by habit)."""

from gongkai.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = None  # type: ignore[assignment] # WhiteNoise serves from the finders in tests; nothing is collected
