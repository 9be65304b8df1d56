"""The libraries' fixed configuration: constants that no deployment changes, kept out of
settings.py (which reads the environment) so that it stays readable. Imported by settings.py."""

ROOT_URLCONF = "tipline.urls"
WSGI_APPLICATION = "tipline.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Axes first: a locked-out username is refused before its password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Never spool uploads to a clear-text temp file; see core.http.MemoryOnlyUploadHandler.
FILE_UPLOAD_HANDLERS = ["core.http.MemoryOnlyUploadHandler"]
# A mail relay that hangs must not hold a request (or a worker) for long.
EMAIL_TIMEOUT = 10

LOGIN_URL = "/staff/login/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions: server-side, short-lived, gone with the browser. Reporter sessions hold only the
# report's internal id.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout, not absolute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A browser-session cookie: a year-long one would leave a trace of the visit on a shared device.
CSRF_COOKIE_AGE = None
# No referrer leaves the site (docs/decisions/0001-no-referrer-csrf.md); no framing; no sniffing.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Staff login lockout (django-axes), beside settings.py's limits. Failures are forgotten only
# after both factors pass (accounts/views/auth.py), not the password.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.no_client_address"
# Axes keeps and compares a keyed hash of the username, never the name typed (accounts/lockout.py);
# the attempt row's copy of the form data masks the username and password fields.
AXES_USERNAME_CALLABLE = "accounts.lockout.hashed_username"
AXES_SENSITIVE_PARAMETERS = ["username", "password"]
AXES_HANDLER = "accounts.lockout.DeviceFreeAxesHandler"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False

# Wagtail (awareness/, docs/decisions/0005-cms-on-its-own-host.md).
WAGTAIL_SITE_NAME = "Tipline"
WAGTAIL_I18N_ENABLED = True
# One way in: the staff login (password + TOTP, lockout, idle timeout). Wagtail's own login,
# password and e-mail screens are off; its users and groups screens are refused (awareness.hosts).
WAGTAILADMIN_LOGIN_URL = LOGIN_URL
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The workflow's last approval publishes through our own action, which checks once more that
# the approver wrote none of what is published (awareness/workflow.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "awareness.finish.publish_approved"
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Moderation e-mails go to publishers and authors (awareness/notify.py); superusers cannot use
# the CMS at all (accounts.permissions.can_edit_content). Plain text only.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# The site's two languages; the CMS offers and stores pages in the same two.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
