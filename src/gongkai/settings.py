"""Django settings for Gongkai.

Every setting a deployment may change comes from an environment variable with a safe embedded
default, so that a fresh clone runs with nothing else running (SQLite, local files, local-memory
cache). The full list of variables is in docs/ARCHITECTURE.md ("Configuration").
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", "./var")).resolve()
DEBUG = env_bool("GONGKAI_DEBUG", False)
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "")
if not SECRET_KEY:
    # The embedded default keeps a random key in the data directory, so sessions survive restarts
    # and no key is ever committed.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text().strip()
    else:
        import secrets

        DATA_DIR.mkdir(parents=True, exist_ok=True)
        SECRET_KEY = secrets.token_urlsafe(50)
        key_file.write_text(SECRET_KEY)
        key_file.chmod(0o600)

# The address people reach the platform at. Every absolute URL (sitemap, feeds, e-mails, letters,
# API links) is built from it, never from the request's Host header (gongkai.core.siteurl).
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000").strip()


def default_allowed_hosts(site_url: str) -> list[str]:
    """The hosts served when ``GONGKAI_ALLOWED_HOSTS`` is not set: the site URL's host, plus the
    machine itself (``gongkai serve`` and ``make demo`` on 127.0.0.1:8000, health checks)."""
    host = (urlsplit(site_url).hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal, as it appears in the Host header
    return list(dict.fromkeys(h for h in (host, "localhost", "127.0.0.1", "[::1]") if h))


# A request for any other host is answered 400 (Django's DisallowedHost). "*" is possible but
# needless: no URL is ever built from the Host header.
_hosts = os.environ.get("GONGKAI_ALLOWED_HOSTS") or ",".join(default_allowed_hosts(GONGKAI_SITE_URL))
ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]
_site = urlsplit(GONGKAI_SITE_URL)
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("GONGKAI_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
] + ([f"{_site.scheme}://{_site.netloc}"] if _site.scheme in ("http", "https") and _site.netloc else [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Sign-in protection (docs/ARCHITECTURE.md, "Sessions and sign-in"): login throttling, the
    # Content-Security-Policy header, two-factor sign-in (TOTP and one-time recovery codes).
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "gongkai.core",
    "gongkai.accounts",
    "gongkai.orgs",
    "gongkai.audit",
    "gongkai.workdays",
    "gongkai.disclosure",
    "gongkai.foi",
    "gongkai.notifications",
    "gongkai.reports",
    "gongkai.govinfo",
    "gongkai.opinions",
    "gongkai.interaction",
    "gongkai.ratings",
    "gongkai.assessment",
    "gongkai.search",
    "gongkai.portal",
    "gongkai.backoffice",
    "gongkai.api",
    "gongkai.demo",
    "gongkai.portalsync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads the body: 413 for an upload larger than allowed (docs/ARCHITECTURE.md).
    "gongkai.core.files.uploads.UploadLimitMiddleware",
    # 400 for NUL in the path, the query or a form field (PostgreSQL cannot hold it).
    "gongkai.core.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages (it leaves a message when it signs an idle session out).
    "gongkai.accounts.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a lockout into the login page with its message (429).
    "axes.middleware.AxesMiddleware",
]

# The role of this installation (docs/ARCHITECTURE.md, "The portal host"): "full" (the embedded
# default: portal, back office, API, admin) or "portal" (a host facing the internet with only public
# data: the portal, its search, the public API and the intake forms; fed by `gongkai portal import`).
GONGKAI_ROLE = os.environ.get("GONGKAI_ROLE", "full").strip().lower() or "full"
ROOT_URLCONF = "gongkai.portalsync.urls" if GONGKAI_ROLE == "portal" else "gongkai.urls"
# Which portal host this is (1–9) when a province runs several that take submissions: each numbers
# its messages and requests in a range of its own (``core.codes.portal_serial``).
_portal_host = os.environ.get("GONGKAI_PORTAL_HOST", "1").strip() or "1"
if _portal_host not in tuple("123456789"):
    raise ImproperlyConfigured(f"GONGKAI_PORTAL_HOST must be one digit from 1 to 9, not {_portal_host!r}.")
GONGKAI_PORTAL_HOST = int(_portal_host)
# A staff installation that feeds portal hosts (``gongkai portal export``): the codes of the requests
# and messages filed here are given as portable hashes, so the status projection carries them to the
# portal hosts and the citizen can look the case up there (``core.codes.portable_codes``).
GONGKAI_PORTAL_FEED = env_bool("GONGKAI_PORTAL_FEED", False)
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.core.context_processors.site",
                "gongkai.workdays.context.calendar_warnings",
                "gongkai.notifications.context.unread_notifications",
                "gongkai.backoffice.menu.staff_menu",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (regional deployment); without it, SQLite in WAL mode lives in
# the data directory (embedded deployment).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "GONGKAI_PG_PREPARED", True
    ):
        # Only the statements asked for are prepared (core.database.prepared_cursor): Django's own
        # cursors bind on the client and never prepare, and this threshold is never reached.
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "gongkai.sqlite3"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA mmap_size=268435456;PRAGMA cache_size=-65536;PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------------
# With REDIS_URL every app process (gunicorn workers, several `gongkai serve` on one database, see
# docs/ARCHITECTURE.md, "Several processes and hosts") shares one cache: the page cache's tag versions
# and render locks, the public version, the rate limits (core.ratelimit) and the sessions' cache.
# GONGKAI_CACHE_KEY_PREFIX puts the keys of one installation under a prefix of their own, so that two
# installations (or two test runs) can share one Redis server.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("GONGKAI_CACHE_KEY_PREFIX", "").strip()
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    # Sessions are read from Redis and written through to the database, which stays their record
    # (a flushed Redis signs nobody out). The embedded default keeps Django's database sessions:
    # its local-memory cache is one per worker process and cannot be shared.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Django's default of 300 entries is fewer than one region's dashboard figures (an indicator per
    # entry, 13 periods × 30 indicators): a full cache evicts a third of itself at every new entry.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gongkai",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:inbox"
LOGOUT_REDIRECT_URL = "portal:home"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: refuses a sign-in while the username is locked out from the
    # client's address, before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Sessions and sign-in (docs/ARCHITECTURE.md, "Sessions and sign-in") ------------------------
# HTTPS settings follow the site's address: an https GONGKAI_SITE_URL turns on Secure cookies and
# HSTS; the embedded default (http://127.0.0.1:8000) keeps them off so it works without TLS.
SITE_IS_HTTPS = (
    os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000").strip().lower().startswith("https://")
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("GONGKAI_SECURE_COOKIES", SITE_IS_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Sent only on HTTPS responses (Django's SecurityMiddleware); not for subdomains, which a
# government domain may serve over plain HTTP.
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", "31536000")) if SITE_IS_HTTPS else 0
if SITE_IS_HTTPS and os.environ.get("GONGKAI_TRUSTED_PROXIES", "").strip():
    # TLS ends at the trusted proxy (deploy/nginx.conf, whose proxy_params set X-Forwarded-Proto);
    # without a trusted proxy the header is never believed.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username from
# one client address, that pair is locked out for AXES_COOLOFF_TIME. Attempts live in the database
# (axes' database handler, with or without Redis), so every process and every app host of the
# installation sees the same count, and the back office's 登录锁定 screen lists them.
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("GONGKAI_LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "gongkai.accounts.throttle.client_address"
AXES_USERNAME_CALLABLE = "gongkai.accounts.throttle.client_username"
AXES_LOCKOUT_CALLABLE = "gongkai.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
# A locked-out pair stays locked for the cool-off counted from the lockout; further tries neither
# count nor extend it (the message tells the person when to come back).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful sign-ins and every failure are in the platform's audit log (accounts/signals.py);
# unlocking is a back-office action that is audited, so axes' own admin pages stay off.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Two-factor sign-in (django-otp): TOTP authenticator apps, recovery codes as static tokens.
OTP_TOTP_ISSUER = os.environ.get("GONGKAI_SITE_NAME", "政府信息公开平台")
# Exponential back-off after each wrong code (1, 2, 4, 8 … seconds), per device.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Django admin never shows a person's authenticator secret or its QR code (whoever sees it holds
# that person's second factor); django-otp's views for them answer 403 (an unknown device was a 500).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Content-Security-Policy (django-csp) on every response: only the platform's own scripts,
# styles, images and fonts; no inline script, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Languages ----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("GONGKAI_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media-not-served/"  # attachments are served only through the portal's checked view


def object_storage(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The S3-compatible object store for uploaded and generated files (attachments, letters,
    佐证材料…), when ``GONGKAI_S3_BUCKET`` names one; None keeps them under MEDIA_ROOT.

    Objects are private (no ACL is sent, so the bucket's own private default applies) and never
    linked to: every download is streamed through the view that checks it (``core.files.stored``).
    Names are never overwritten: two uploads of the same bytes get two objects, as on disk, so
    deleting one never takes the other's file.
    """
    bucket = environ.get("GONGKAI_S3_BUCKET", "").strip()
    if not bucket:
        return None
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("GONGKAI_S3_ENDPOINT_URL", "").strip() or None,
        "region_name": environ.get("GONGKAI_S3_REGION", "").strip() or "us-east-1",
        "addressing_style": environ.get("GONGKAI_S3_ADDRESSING_STYLE", "").strip() or "path",
        "signature_version": "s3v4",
        "location": environ.get("GONGKAI_S3_PREFIX", "").strip().strip("/"),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
        # Files read whole (re-reading text, masking) spill to a temporary file past 5 MB.
        "max_memory_size": 5 * 1024 * 1024,
    }
    # Without keys boto3 finds its own (AWS_* variables, an instance role).
    if environ.get("GONGKAI_S3_ACCESS_KEY"):
        options["access_key"] = environ["GONGKAI_S3_ACCESS_KEY"]
        options["secret_key"] = environ.get("GONGKAI_S3_SECRET_KEY", "")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": object_storage(os.environ) or {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploaded files go to temporary files on disk, and stop being received past ATTACHMENT_MAX_BYTES.
FILE_UPLOAD_HANDLERS = ["gongkai.core.files.uploads.LimitedUploadHandler"]

EMAIL_BACKEND = os.environ.get("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "noreply@gongkai.invalid")

# --- Gongkai itself -----------------------------------------------------------------------------
GONGKAI: dict[str, Any] = {
    # 索引号 pattern (docs/SPEC.md §2.2). Placeholders: {unit_code} {year} {month} {serial} with a width,
    # e.g. "{unit_code}/{year}-{serial:05d}" (the State Council default).
    "INDEX_NUMBER_PATTERN": os.environ.get("GONGKAI_INDEX_NUMBER_PATTERN", "{unit_code}/{year}-{serial:05d}"),
    # Attachments: the largest accepted file, in bytes.
    "ATTACHMENT_MAX_BYTES": int(os.environ.get("GONGKAI_ATTACHMENT_MAX_BYTES", str(50 * 1024 * 1024))),
    # Reading an attachment's text (core/files/extract.py): the wall-clock limit of one reading, and
    # the part of it text recognition (OCR) may use; scanned pages not reached are named as unread.
    "ATTACHMENT_READ_SECONDS": float(os.environ.get("GONGKAI_ATTACHMENT_READ_SECONDS", "55")),
    "ATTACHMENT_OCR_SECONDS": float(os.environ.get("GONGKAI_ATTACHMENT_OCR_SECONDS", "30")),
    # Search index directory for the embedded engine (if used).
    "SEARCH_DIR": DATA_DIR / "search",
    # Static publication of public pages (see docs/ARCHITECTURE.md, "Publishing pages as files").
    "PUBLISH_DIR": DATA_DIR / "site",
    "PUBLISH_PAGES": env_bool("GONGKAI_PUBLISH_PAGES", False),
    "SITE_NAME": os.environ.get("GONGKAI_SITE_NAME", "政府信息公开平台"),
    # 第二十六条: active disclosure within 20 working days of formation; warn this many days before.
    "PUBLICATION_LIMIT_WORKDAYS": 20,
    "PUBLICATION_WARN_WORKDAYS": 5,
    # Public page cache lifetime (seconds) for the in-process / Redis page cache.
    "PAGE_CACHE_SECONDS": int(os.environ.get("GONGKAI_PAGE_CACHE_SECONDS", "300")),
    # What a public change drops (core.public_deps): "tags" (the pages that show what changed) or
    # "global" (every page, the behaviour before tags). The hot pages of a change are rendered
    # again after its commit: "thread", "inline" or "off" (portal.prewarm).
    "INVALIDATION": os.environ.get("GONGKAI_INVALIDATION", "tags"),
    "PREWARM": os.environ.get("GONGKAI_PREWARM", "thread"),
    # PostgreSQL prepares the few hot queries whose planning costs more than their run (the item
    # page's): off behind a connection pooler in transaction mode that cannot keep prepared
    # statements (core.database.prepared_cursor).
    "PG_PREPARED": bool(DATABASES["default"].get("OPTIONS", {}).get("prepare_threshold")),
    # The address people reach the platform at: every absolute URL is built from it.
    "SITE_URL": GONGKAI_SITE_URL,
    # Public request form: at most this many applications per client address per hour.
    "REQUEST_FORM_PER_HOUR": int(os.environ.get("GONGKAI_REQUEST_FORM_PER_HOUR", "5")),
    # Failed look-ups of a request (number + code) per client address per hour.
    "REQUEST_LOOKUP_PER_HOUR": int(os.environ.get("GONGKAI_REQUEST_LOOKUP_PER_HOUR", "20")),
    # Online 补正 of a request (第三十条) per client address per hour.
    "REQUEST_CORRECTION_PER_HOUR": int(os.environ.get("GONGKAI_REQUEST_CORRECTION_PER_HOUR", "10")),
    # 意见征集 (docs/SPEC.md §2.4): the default comment period in days (一般不少于30日, 《重大行政决策
    # 程序暂行条例》第十五条), the longest comment, and comments per client address per hour (in all,
    # and on one consultation).
    "CONSULTATION_DAYS": int(os.environ.get("GONGKAI_CONSULTATION_DAYS", "30")),
    "CONSULTATION_COMMENT_MAX_CHARS": int(os.environ.get("GONGKAI_CONSULTATION_COMMENT_MAX_CHARS", "2000")),
    "CONSULTATION_COMMENTS_PER_HOUR": int(os.environ.get("GONGKAI_CONSULTATION_COMMENTS_PER_HOUR", "20")),
    "CONSULTATION_COMMENTS_PER_CONSULTATION_PER_HOUR": int(
        os.environ.get("GONGKAI_CONSULTATION_COMMENTS_PER_CONSULTATION_PER_HOUR", "5")
    ),
    # 互动 (docs/SPEC.md §3): messages written, and failed tracking look-ups, per client address per hour.
    "MESSAGE_FORM_PER_HOUR": int(os.environ.get("GONGKAI_MESSAGE_FORM_PER_HOUR", "10")),
    "MESSAGE_TRACK_PER_HOUR": int(os.environ.get("GONGKAI_MESSAGE_TRACK_PER_HOUR", "20")),
    # 社会评议: ratings per client address per hour (counted under a keyed hash, never stored).
    "RATINGS_PER_HOUR": int(os.environ.get("GONGKAI_RATINGS_PER_HOUR", "30")),
    # Staff sessions end after this many minutes without a back-office request (0: never).
    "SESSION_IDLE_MINUTES": int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES", "30")),
    # Reading-room kiosk pages (/kiosk/) return to their start page after this many idle seconds.
    "KIOSK_IDLE_SECONDS": int(os.environ.get("GONGKAI_KIOSK_IDLE_SECONDS", "120")),
    # Two-factor sign-in: "privileged" (system administrators, supervisors and the staff of a
    # competent authority), "all" (every member of staff) or "off".
    "TWO_FACTOR": os.environ.get("GONGKAI_2FA", "privileged").strip().lower(),
    # Django admin at /admin/ (maintenance by system administrators); off unless configured.
    "ADMIN_ENABLED": env_bool("GONGKAI_ADMIN_ENABLED", False),
    # Reverse proxies whose X-Forwarded-For is trusted for the client address (e.g. nginx: 127.0.0.1,::1).
    "TRUSTED_PROXIES": [
        p.strip() for p in os.environ.get("GONGKAI_TRUSTED_PROXIES", "").split(",") if p.strip()
    ],
    # Text messages for urgent notices (notifications.sms): the gateway (dotted path; the default
    # only logs), the HTTP provider's address, key and message signature, and the kinds texted.
    "SMS": {
        "GATEWAY": os.environ.get("GONGKAI_SMS_GATEWAY", "gongkai.notifications.sms.LoggingGateway"),
        "URL": os.environ.get("GONGKAI_SMS_URL", ""),
        "KEY": os.environ.get("GONGKAI_SMS_KEY", ""),
        "SIGNATURE": os.environ.get("GONGKAI_SMS_SIGNATURE", ""),
        "TIMEOUT": float(os.environ.get("GONGKAI_SMS_TIMEOUT", "10")),
        "KINDS": [
            k.strip() for k in os.environ.get("GONGKAI_SMS_KINDS", "request.overdue").split(",") if k.strip()
        ],
    },
    # 信息处理费 (第四十二条, 国办函〔2020〕109号): off by default. Tiers are (first unit of the tier,
    # yuan per unit); units below the first tier are free. By count: per applicant per calendar month.
    "REQUEST_FEES": {
        "ENABLED": env_bool("GONGKAI_REQUEST_FEES", False),
        "BY_COUNT": [(11, 100), (31, 200), (41, 300), (51, 400), (61, 500), (71, 600), (81, 700), (91, 800)],
        # By count, past the last tier: every further 10 件 cost 100 元/件 more (国办函〔2020〕109号).
        "BY_COUNT_BEYOND": (10, 100),
        "BY_VOLUME": [(31, 10), (101, 20), (201, 40)],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}
