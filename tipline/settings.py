"""Tipline settings: one file, driven by environment variables (see README "Configuration").

Every variable is named TIPLINE_… and listed once in the README. Every value has a safe
default; production gives at least the database, the cache and the host names. The secret key,
unless given, is the data directory's own (tipline/datadir.py), so every process finds the same
one. Secrets may come from `<NAME>_FILE` instead of `<NAME>`.
"""

import json
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from tipline import datadir, webpools
from tipline.databases import databases
from tipline.env import cms_url, env, env_bool, env_int, env_json, env_list
from tipline.fixed_settings import *  # noqa: F403 - libraries' fixed configuration, no env

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("TIPLINE_DEBUG", False)
# Private to the service user (0700): it holds the keyring, the secret key and SQLite's files.
DATA_DIR = datadir.make_private_dir(
    Path(env("TIPLINE_DATA_DIR", str(BASE_DIR / "var")) or "var").resolve()
)

# Given, or the data directory's own (made on first start): every process finds the same key.
SECRET_KEY = env("TIPLINE_SECRET_KEY") or datadir.secret_key(DATA_DIR)

ALLOWED_HOSTS = env_list("TIPLINE_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("TIPLINE_CSRF_TRUSTED_ORIGINS", "")

# The keyring (master keys, identity keys, receipt and token keys) lives outside the database so
# that a stolen dump alone decrypts nothing.
KEYRING_PATH = Path(env("TIPLINE_KEYRING", str(DATA_DIR / "keyring.json")) or "")
# Tables whose rows hold a wrapped data key; `rotate_keys` re-wraps them and `--retire` keeps any
# key one of them still uses. A new table with a wrapped key MUST be added here.
WRAPPED_KEY_MODELS = [
    ("intake.Report", "data"),
    ("intake.ReporterIdentity", "identity"),
    ("cases.Case", "data"),
    ("rewards.Share", "identity", "payee_"),  # bank details
    ("rewards.Certificate", "identity"),  # a consented name and the verification code
    ("rewards.PayeeAccessRequest", "data"),  # the payer's justification, the custodian's note
]
ATTACHMENT_DIR = Path(env("TIPLINE_ATTACHMENT_DIR", str(DATA_DIR / "attachments")) or "")
# Checkpoints of the audit chain's head (audit/checkpoints.py): an append-only file that anchors
# the chain outside the database. Put it where the database's administrators cannot write, and
# never restore it from a backup (docs/operations.md, "The audit trail").
AUDIT_CHECKPOINT_DIR = Path(
    env("TIPLINE_AUDIT_CHECKPOINT_DIR", str(DATA_DIR / "audit-checkpoints")) or ""
)
# Events newer than the last checkpoint can vanish unseen, so checkpoint often; an unchanged head
# adds no line.
AUDIT_CHECKPOINT_SECONDS = env_int("TIPLINE_AUDIT_CHECKPOINT_SECONDS", 300, minimum=10)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    # Listed so the API docs page serves Swagger UI from our static files, not a CDN.
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "core",
    "audit",
    "accounts",
    "intake",
    "cases",
    "rewards",
    "cases.similarity",
    "cases.search",
    "insights",
    # Public education content (awareness/): Wagtail, with only the parts we use. No embeds
    # (they fetch third-party oEmbed), forms, redirects or sites admin. Images and documents are
    # installed because the admin's pages need their tables, but nobody may upload (no collection
    # permissions), rich text cannot hold them and their public serving URLs are not mounted.
    "awareness",
    "wagtail.contrib.simple_translation",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.snippets",
    "wagtail.users",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    # First, so nothing after it (including error reports) can see device data.
    "core.http.StripDeviceDataMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files (compressed) so production needs no separate file server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything that queries: NUL in a path, filter or body never reaches the database.
    "core.inputguard.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.http.NoReferrerCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSP: the CMS host answers only the CMS and the staff login, with its own policy.
    "awareness.hosts.CmsHostMiddleware",
    # Last, so it can turn a flagged lockout into its response (see accounts/lockout.py).
    "axes.middleware.AxesMiddleware",
]

# The /api/ handler's chain (tipline/wsgi.py): device data stripped first, security headers,
# Accept-Language (core/apilocale.py), CSP. What an API call needs; nothing only browsers use.
API_MIDDLEWARE = [
    "core.http.StripDeviceDataMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.apilocale.ApiLocaleMiddleware",
    "core.inputguard.RefuseNulMiddleware",
    "core.http.StaticCSPMiddleware",
]

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
                "tipline.context_processors.agency",
            ],
        },
    },
]

# The primary, an optional read replica and pgbouncer's needs: tipline/databases.py.
DATABASES = databases(f"sqlite:///{DATA_DIR / 'tipline.sqlite3'}")
DATABASE_ROUTERS = ["core.dbrouter.PrimaryReplicaRouter"] if "replica" in DATABASES else []
# After a user acts, their reads go to the primary for this long (core/replicas.py); a replica
# that failed is left alone for REPLICA_RETRY_SECONDS.
REPLICA_PIN_SECONDS = env_int("TIPLINE_REPLICA_PIN_SECONDS", 10, minimum=1)
REPLICA_RETRY_SECONDS = 5


# Staff login lockout (django-axes): by username only, and never an address or user agent —
# staff on a shared office network must not lock each other out, and we store no device data.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = env_int("TIPLINE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("TIPLINE_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
OTP_TOTP_ISSUER = env("TIPLINE_TOTP_ISSUER", "Tipline")
# axes.W006 asks to lock out by address too; we deliberately never look at addresses.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

CACHE_URL = env("TIPLINE_CACHE_URL", "locmem://") or "locmem://"
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        # Django's Redis backend, with one client per process and one-round-trip counters.
        "default": {"BACKEND": "core.cache.SharedRedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL == "locmem://":
    # Per process: one-time tokens, replay guards and limits hold only within one process, so a
    # server with this cache runs one process (threads); gunicorn.conf.py refuses more.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("TIPLINE_CACHE_URL must be locmem:// or a redis:// URL")
# Whether every process sees the same counters: Redis's are atomic across processes. Django's
# file and database caches are not (a get-then-set), so they are not offered.
CACHE_SHARED = CACHE_URL != "locmem://"
# Which paths this web server answers and with how many workers (tipline/webpools.py).
WEB_POOL, WEB_WORKERS, WEB_THREADS, STAFF_ORIGIN, PUBLIC_ORIGIN = webpools.from_env(CACHE_SHARED)

TASKS: dict[str, dict] = {
    "default": {"BACKEND": env("TIPLINE_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}
}
# The broker-backed alternative (django-tasks-rq): jobs in Redis, run by `manage.py rqworker
# --job-class django_tasks_rq.Job default` on as many machines as needed.
RQ_URL = env("TIPLINE_RQ_URL", "") or (CACHE_URL if CACHE_SHARED else "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": RQ_URL}}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    TASKS["default"]["QUEUES"] = ["default"]
    INSTALLED_APPS.append("django_rq")


LANGUAGE_CODE = "zh-hans"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("TIPLINE_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Sealed attachments (intake/storage.py), through Django's storage API so that every web node
    # can reach one store. A backend's save() must return only once the bytes are durable: the
    # report's row commits right after it. The default fsyncs files and directories.
    "attachments": {
        "BACKEND": env("TIPLINE_STORAGE", "intake.durable_storage.DurableFileSystemStorage"),
        "OPTIONS": env_json("TIPLINE_STORAGE_OPTIONS", {}),
    },
    # Compressed, and hashed once collected (`make run` collects); plain names before that.
    "staticfiles": {"BACKEND": "tipline.staticfiles.StaticFilesStorage"},
}

# Sessions (server-side, short-lived; the fixed flags are in fixed_settings.py).
SESSION_COOKIE_AGE = env_int("TIPLINE_SESSION_IDLE_SECONDS", 15 * 60, minimum=60)
# The hotline console's sessions: a call can outlast the staff idle timeout while the form is open.
CALL_SESSION_IDLE_SECONDS = env_int("TIPLINE_CALL_SESSION_IDLE_SECONDS", 60 * 60, minimum=60)
# Cookies are Secure (HTTPS only) where TLS is configured: behind a TLS proxy unless said
# otherwise. A Secure cookie is never sent back over plain http, so the embedded server on
# http://127.0.0.1 (`make run`) could not keep a staff login with them.
BEHIND_TLS_PROXY = env_bool("TIPLINE_BEHIND_TLS_PROXY", False)
SESSION_COOKIE_SECURE = env_bool("TIPLINE_SECURE_COOKIES", BEHIND_TLS_PROXY)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("TIPLINE_HSTS_SECONDS", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Endpoints whose JSON bodies are checked field by field (NUL included: 422 naming the field)
# rather than refused whole by core.inputguard (400); paths and query strings are always checked.
INPUT_GUARD_OWN_VALIDATION = frozenset(
    {"/api/v1/reports", "/api/v1/followup/messages", "/api/v1/followup/identity"}
)

# Intake limits (see docs/operations.md).
ATTACHMENT_MAX_BYTES = env_int("TIPLINE_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
ATTACHMENT_MAX_COUNT = env_int("TIPLINE_ATTACHMENT_MAX_COUNT", 5, minimum=0)
# Decoded pixels cost memory (docs/operations.md, "Memory ceiling for uploads"): per image
# (larger is refused as a bomb), per request (all images of all files together) and decodes at
# once per process; a worker's ceiling is about DECODES_AT_ONCE x IMAGE_MAX_PIXELS x 8 bytes.
IMAGE_MAX_PIXELS = env_int("TIPLINE_IMAGE_MAX_PIXELS", 40_000_000, minimum=1)
REQUEST_MAX_PIXELS = env_int("TIPLINE_REQUEST_MAX_PIXELS", 80_000_000, minimum=1)
DECODES_AT_ONCE = env_int("TIPLINE_DECODES_AT_ONCE", 1, minimum=1)
# Someone who picks a few files too many gets a form error that keeps their answers, not a bare
# 400: Django accepts this many parts, and core.http.MemoryOnlyUploadHandler keeps the bytes of
# only the first ATTACHMENT_MAX_COUNT (the rest are counted, then refused by the pipeline).
DATA_UPLOAD_MAX_NUMBER_FILES = max(ATTACHMENT_MAX_COUNT, 1) + 20
# Site-wide submissions per second (public channels); above it 429 + Retry-After. By default
# below what this host's workers serve, so a flood is shed, not queued (docs/operations.md).
SUBMISSION_BUDGET_PER_SECOND = env_int(
    "TIPLINE_SUBMISSION_BUDGET", webpools.SUBMISSIONS_PER_WORKER * WEB_WORKERS, minimum=1
)
# A human needs a few seconds to fill a form; scripts posting instantly are refused.
FORM_MIN_FILL_SECONDS = env_int("TIPLINE_FORM_MIN_FILL_SECONDS", 3)
FORM_MAX_AGE_SECONDS = env_int("TIPLINE_FORM_MAX_AGE_SECONDS", 6 * 3600, minimum=60)
RECEIPT_MAX_ATTEMPTS = env_int("TIPLINE_RECEIPT_MAX_ATTEMPTS", 10, minimum=1)
RECEIPT_ATTEMPT_WINDOW_SECONDS = env_int("TIPLINE_RECEIPT_ATTEMPT_WINDOW", 3600, minimum=60)
RECEIPT_DELAY_BASE_SECONDS = float(env("TIPLINE_RECEIPT_DELAY_BASE", "0.5") or "0.5")
# Wrong codes a minute across the site above which the operators are warned (a log line). It
# never refuses anyone: wrong guesses must not lock valid receipts out (docs/threat-model.md).
RECEIPT_FLOOD_ALERT_PER_MINUTE = env_int("TIPLINE_RECEIPT_FLOOD_ALERT", 600, minimum=1)
# Who runs this site, as every public page and printed receipt slip names it: the agency (in each
# language), the site's public address (empty: the address the page was requested at) and the
# hotline that takes reports and follow-ups by phone (12339 is the national security reporting
# hotline), offered wherever the website cannot help (e.g. after too many wrong codes).
AGENCY_NAME_ZH = env("TIPLINE_AGENCY_NAME_ZH", "国家安全机关") or ""
AGENCY_NAME_EN = env("TIPLINE_AGENCY_NAME_EN", "State Security Authorities") or ""
SITE_URL = (env("TIPLINE_SITE_URL", "") or "").rstrip("/")
HOTLINE_NUMBER = env("TIPLINE_HOTLINE_NUMBER", "12339")

# Channels (docs/partner-guide.md). The voicemail gateway signs each call with this shared secret;
# while it is empty every voicemail request is refused.
VOICEMAIL_SECRET = env("TIPLINE_VOICEMAIL_SECRET", "") or ""
VOICEMAIL_MAX_SKEW_SECONDS = env_int("TIPLINE_VOICEMAIL_MAX_SKEW_SECONDS", 300, minimum=1)
VOICEMAIL_MAX_BYTES = env_int("TIPLINE_VOICEMAIL_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
# A retried request with the same Idempotency-Key gets the first answer for this long.
IDEMPOTENCY_TTL_SECONDS = env_int("TIPLINE_IDEMPOTENCY_TTL_SECONDS", 24 * 3600, minimum=60)
# Origins allowed to frame /embed/ (CSP frame-ancestors). Only our own pages by default: each
# partner site is added by the operator when the partner is registered.
TIPLINE_EMBED_FRAME_ANCESTORS = env_list("TIPLINE_EMBED_FRAME_ANCESTORS", "'self'")

# Logging: no request objects, addresses or user agents ever reach a log line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_device_data": {"()": "core.http.NoDeviceDataLogFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_device_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env("TIPLINE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "pikepdf": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # per-login chatter; failures still logged
        "wagtail": {"level": "WARNING"},  # a line per page edit; the audit trail has them
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.http.DeviceFreeExceptionReporterFilter"

# (task import path, seconds between runs), enqueued by `manage.py run_scheduler`.
PERIODIC_TASKS = [
    ("intake.tasks.sweep_abandoned_attachments", 3600),
    ("cases.tasks.route_new_reports", 5),
    ("cases.tasks.escalate_overdue", 60),
    ("cases.tasks.purge_expired", 3600),
    ("intake.idempotency.sweep_expired_records", 3600),
    ("audit.tasks.write_checkpoint", AUDIT_CHECKPOINT_SECONDS),
    ("core.tasks.clear_expired_sessions", 900),
    ("rewards.tasks.sweep_claims", 3600),
    ("rewards.tasks.escalate_protection", 60),
    ("awareness.tasks.publish_scheduled_pages", 60),
    ("insights.tasks.refresh_insights", 60),
]

# Public education content (awareness/, docs/decisions/0005-cms-on-its-own-host.md). Wagtail's
# admin needs inline scripts, so it answers only on its own host name, and nothing else does.
# Empty (the default): the admin answers nowhere. `make run` uses localhost.
TIPLINE_CMS_HOST = (env("TIPLINE_CMS_HOST", "") or "").strip().lower()
if TIPLINE_CMS_HOST and TIPLINE_CMS_HOST not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(TIPLINE_CMS_HOST)
# Links in the CMS's e-mails: the CMS host, never the public site (tipline/env.py, cms_url).
WAGTAILADMIN_BASE_URL = cms_url(TIPLINE_CMS_HOST, env("TIPLINE_CMS_URL"), BEHIND_TLS_PROXY)

# Outgoing mail: deadline escalations, urgent-report hints, the CMS's moderation notices. With
# no relay (the default) nothing is sent; production names its SMTP relay.
EMAIL_HOST = env("TIPLINE_EMAIL_HOST", "") or ""
EMAIL_BACKEND = f"django.core.mail.backends.{'smtp' if EMAIL_HOST else 'dummy'}.EmailBackend"
EMAIL_PORT = env_int("TIPLINE_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env("TIPLINE_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env("TIPLINE_EMAIL_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("TIPLINE_EMAIL_STARTTLS", True)
DEFAULT_FROM_EMAIL = env("TIPLINE_EMAIL_FROM", "") or "tipline@localhost"
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cases: deadline breaches are always shown in the console; email them to supervisors too?
TIPLINE_EMAIL_ESCALATIONS = env_bool("TIPLINE_EMAIL_ESCALATIONS", False)
# Days a report is kept after its decision, per outcome (JSON object to override some or all).
TIPLINE_RETENTION_DAYS = {
    "spam": 30,
    "duplicate": 90,
    "false": 365,
    "malicious": 365,
    "out_of_scope": 90,
    "unsubstantiated": 365 * 2,
    "substantiated": 365 * 10,
}
try:
    TIPLINE_RETENTION_DAYS.update(json.loads(env("TIPLINE_RETENTION_DAYS", "{}") or "{}"))
except ValueError:
    raise ImproperlyConfigured("TIPLINE_RETENTION_DAYS must be a JSON object") from None
if not all(isinstance(v, int) and v >= 1 for v in TIPLINE_RETENTION_DAYS.values()):
    raise ImproperlyConfigured("TIPLINE_RETENTION_DAYS values must be whole days, at least 1")

# Rewards: awards above this amount (CNY) also need a reward officer of headquarters to approve;
# a reporter has this many days to claim an approved award (reminders before, expiry recorded).
TIPLINE_REWARD_HQ_APPROVAL_ABOVE = env_int("TIPLINE_REWARD_HQ_APPROVAL_ABOVE", 100_000, minimum=0)
TIPLINE_REWARD_CLAIM_DAYS = env_int("TIPLINE_REWARD_CLAIM_DAYS", 90, minimum=1)
# Certificate verification: look-ups a minute, site-wide, before /verify/ answers 429 for the rest
# of the minute (codes carry 120 random bits; this only shields the server).
TIPLINE_CERTIFICATE_VERIFY_PER_MINUTE = env_int(
    "TIPLINE_CERTIFICATE_VERIFY_PER_MINUTE", 300, minimum=1
)
# Protection requests: hours the unit's supervisors have to acknowledge before it is escalated.
TIPLINE_PROTECTION_ACK_HOURS = env_int("TIPLINE_PROTECTION_ACK_HOURS", 24, minimum=1)
# Near-duplicates and floods (cases/similarity, docs/performance.md). Two reports are "possibly
# the same matter" when their estimated Jaccard similarity is at least the threshold (0-1); a
# flood is at least FLOOD_SIZE such reports arriving within FLOOD_WINDOW_SECONDS.
try:
    TIPLINE_SIMILARITY_THRESHOLD = float(env("TIPLINE_SIMILARITY_THRESHOLD", "0.4") or "0.4")
except ValueError:
    raise ImproperlyConfigured("TIPLINE_SIMILARITY_THRESHOLD must be a number") from None
if not 0 < TIPLINE_SIMILARITY_THRESHOLD <= 1:
    raise ImproperlyConfigured("TIPLINE_SIMILARITY_THRESHOLD must be above 0 and at most 1")
# A band key held by more reports than this gives no candidates (phrases everyone on a topic
# writes): it keeps a lookup and a rebuild's work per report bounded as the corpus grows.
TIPLINE_SIMILARITY_BAND_CAP = env_int("TIPLINE_SIMILARITY_BAND_CAP", 1000, minimum=10)
TIPLINE_FLOOD_SIZE = env_int("TIPLINE_FLOOD_SIZE", 20, minimum=2)
TIPLINE_FLOOD_WINDOW_SECONDS = env_int("TIPLINE_FLOOD_WINDOW_SECONDS", 3600, minimum=60)
PERIODIC_TASKS.append(("cases.similarity.tasks.index_new_reports", 5))
# Insights: the daily figures follow the reports' decisions within a minute.
