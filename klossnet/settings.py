"""Settings for the KLOSSnet portal.

One module, read from the environment (12-factor). Development defaults are safe:
without ``DJANGO_DEBUG`` the portal refuses to start without a real secret key.
"""

import os
import tempfile
import urllib.parse
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.object_storage import media_origins, s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "development-only-insecure-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    # django.contrib.staticfiles, leaving out what no page uses (core/staticfiles.py).
    "core.staticfiles.StaticFilesConfig",
    "django.contrib.sitemaps",
    "csp",
    "allauth",
    "allauth.account",
    # Version history of content in the admin (core/history.py).
    "reversion",
    "reversion_compare",
    # Importing and exporting the directory as XLSX or CSV in the admin (core/imports.py).
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    # Background work (core/mail.py): Django's tasks API, its database and RQ backends.
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    # A mail provider's API and bounce webhooks, when DJANGO_ANYMAIL_ESP names one.
    "anymail",
    # The portal's apps, from the shared building blocks up (README: Layout).
    "core",
    "search",
    "members",
    "meetings",
    "meetings.registration",
    "guests",
    "records",
    "steering",
    "communications",
    "feedback",
    "projects",
    "overview",
    "network",
    "api",
    "operations",
]

MIDDLEWARE = [
    # Outermost: an anonymous visitor's public page comes from the page cache, with every
    # header the middleware below once added, before any of it runs again.
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # CORS headers for the read-only API only (CORS_URLS_REGEX).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every page.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Innermost, so a lost database in a view becomes a 503 page before anything else.
    "core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "klossnet.urls"
WSGI_APPLICATION = "klossnet.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
                "network.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# --- Cache ----------------------------------------------------------------
# allauth's rate limits count in the cache, so production processes must share one: Redis
# or the database cache (`migrate` creates its table: core/cache.py). Development
# and tests use memory unless REDIS_URL is set.
# With REDIS_URL (e.g. redis://redis:6379/0) the cache, the rate limits and the page cache
# live in Redis, shared by every application server.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        if DEBUG
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "klossnet_cache",
        }
    ),
    # The log-in rate limits (members/login_limits.py), apart from everything anonymous
    # traffic fills: a full shared cache culls or evicts, and a lock-out must not go with it.
    # In production a database table of their own (made by `migrate`), shared by every
    # server, with or without Redis; nothing else writes to it.
    "login_limits": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "login-limits"}
        if DEBUG
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "klossnet_login_limits",
            # Counters expire within the hour; the expired are deleted before anything is
            # culled, so live counters never reach this.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    ),
}

# Anonymous visitors' public pages are cached whole (core/pagecache.py) and dropped on
# every content change; the lifetime bounds how late a page follows a publish window.
# Off in development so template edits show at once.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "0" if DEBUG else "300"))
# Parts of pages every reader sees alike ({% fragment %}, core/templatetags/fragments.py),
# kept under the content version so an edit shows at once, for logged-in members too, whom
# the page cache never answers. Off in development so template edits show at once.
FRAGMENT_CACHE_SECONDS = int(
    os.environ.get("DJANGO_FRAGMENT_CACHE_SECONDS", "0" if DEBUG else "300")
)
# With the database cache, every process on this server reads the content version from a
# file here instead of querying the database on every request; "" queries instead (several
# servers sharing one database without Redis).
PAGE_CACHE_VERSION_DIR = os.environ.get(
    "DJANGO_PAGE_CACHE_VERSION_DIR",
    "/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir(),
)

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
# Failed passwords are counted per account and client, per client and per account, so that
# one client cannot lock out the others (members/login_limits.py explains the numbers).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key",
    "login_failed_client": "50/5m/ip",
    "login_failed_account": "100/5m/key",
    # Every log-in form sent, right or wrong: a flood limit only. The members at a meeting
    # venue share one address and may all log in within the same minute.
    "login": "100/m/ip",
}
# The client's address for those limits: how many reverse proxies in front of the portal
# append the address they received a request from to X-Forwarded-For (nginx in deploy/: 1).
# 0: the connection's own address counts and the header, which anyone can send, is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "members.account_forms.LoginForm",
    "reset_password": "members.account_forms.ResetPasswordForm",
    "signup": "members.account_forms.SignupForm",
}
# One address per login; changing it is verified before it replaces the old one.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "KLOSSnet: "
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# The member ticks "remember me"; otherwise the session ends with the browser.
ACCOUNT_SESSION_REMEMBER = None

# Sessions end after two weeks, or when the browser closes if the member asks.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# The one list of languages is LANGUAGES: everything else derives from it.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
# The admin's language tabs need jQuery UI; serve our own copy instead of a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static and media files -----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Members-only files live outside MEDIA_ROOT so no web server can serve them directly.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# "", "x-accel-redirect" (nginx) or "x-sendfile" (Apache): how protected files are handed out.
PRIVATE_MEDIA_SERVER = os.environ.get("DJANGO_PRIVATE_MEDIA_SERVER", "")
PRIVATE_MEDIA_INTERNAL_URL = os.environ.get("DJANGO_PRIVATE_MEDIA_INTERNAL_URL", "/protected/")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Members-only files (core/protected_files.py).
    "private": {"BACKEND": "core.protected_files.PrivateMediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# With DJANGO_S3_BUCKET, public and members-only media live on S3-compatible object storage
# (core/object_storage.py); static files stay with WhiteNoise.
STORAGES.update(s3_storages(os.environ))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "KLOSSnet <klossnet@kth.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every e-mail leaves through a task (core/mail.py): a mail server's failure is tried again
# this many times in all, waiting MAIL_RETRY_SECONDS, then 4×, 16×… as long, before the
# e-mail is kept among the failed e-mails to send again from the admin.
MAIL_SEND_ATTEMPTS = int(os.environ.get("DJANGO_MAIL_SEND_ATTEMPTS", "5"))
MAIL_RETRY_SECONDS = float(os.environ.get("DJANGO_MAIL_RETRY_SECONDS", "60"))
# A mail provider instead of SMTP (django-anymail, core/mail_tracking.py): DJANGO_ANYMAIL_ESP
# names it as anymail does (postmark, mailgun, amazon_ses, sendgrid, brevo…), and every
# other DJANGO_ANYMAIL_<NAME> becomes ANYMAIL["<NAME>"]: the provider's key
# (DJANGO_ANYMAIL_POSTMARK_SERVER_TOKEN, DJANGO_ANYMAIL_MAILGUN_API_KEY…) and
# DJANGO_ANYMAIL_WEBHOOK_SECRET, without which the bounce webhook is not served.
ANYMAIL_ESP = os.environ.get("DJANGO_ANYMAIL_ESP", "").strip().lower()
ANYMAIL = {
    name.removeprefix("DJANGO_ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("DJANGO_ANYMAIL_") and name != "DJANGO_ANYMAIL_ESP"
}
if ANYMAIL_ESP and "DJANGO_EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"
# The portal's public address, for links in e-mails sent where no request names the host
# (the worker): unsubscribe links, the preference page. Default: the first host name of
# ALLOWED_HOSTS over https (http://localhost:8000 in debug).
_SITE_HOSTS = [h for h in ALLOWED_HOSTS if h[0] not in ".*[" and not h[0].isdigit()]
SITE_URL = os.environ.get(
    "DJANGO_SITE_URL",
    "http://localhost:8000" if DEBUG else f"https://{(_SITE_HOSTS or ['localhost'])[0]}",
).rstrip("/")
# The domain of every Message-ID (spam filters want the sender's own): the site's host.
MAIL_DOMAIN = os.environ.get("DJANGO_MAIL_DOMAIN", "") or (
    urllib.parse.urlsplit(SITE_URL).hostname or "localhost"
)
# The members' area page where a member chooses what they receive (core.mail links to it).
MAIL_PREFERENCES_URL_NAME = "members_area:mail_preferences"
# A kind of e-mail no app declared (core.mail_kinds) raises in development and the tests; in
# production it is logged and sent as transactional.
MAIL_UNKNOWN_KIND_RAISES = DEBUG

# --- Background tasks -----------------------------------------------------
# Django's tasks API (the django-tasks backport). Tasks wait in the database for
# `manage.py db_worker`, or with REDIS_URL in Redis for `manage.py rqworker --job-class
# django_tasks_rq.Job`, so several servers share one queue and workers scale out.
# A Redis that evicts keys as a cache (allkeys-lru) would drop queued tasks too: give the
# queue its own Redis without eviction with DJANGO_TASKS_REDIS_URL (deploy/compose.yaml does).
TASKS_REDIS_URL = os.environ.get("DJANGO_TASKS_REDIS_URL", "") or REDIS_URL
TASKS = {
    "default": (
        {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
        if TASKS_REDIS_URL
        else {"BACKEND": "django_tasks_db.DatabaseBackend"}
    )
}
RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL}} if TASKS_REDIS_URL else {}
# django-rq's dashboard lets any staff login see and delete queued jobs: not in the admin
# (operators use `rq info`).
RQ_SHOW_ADMIN_LINK = False

# --- Meeting registration -------------------------------------------------
# Dietary and accessibility notes are deleted this many days after the meeting
# (`manage.py registration_erase_notes`, run daily).
REGISTRATION_PERSONAL_NOTES_RETENTION_DAYS = int(
    os.environ.get("REGISTRATION_PERSONAL_NOTES_RETENTION_DAYS", "30")
)

# --- Invited guests (guests/) ------------------------------------------------
# The link through which a guest sends the slides of their talk expires after this many days.
GUEST_SLIDES_LINK_DAYS = int(os.environ.get("GUEST_SLIDES_LINK_DAYS", "30"))

# --- Feedback after a meeting (feedback/) ------------------------------------
# A survey closes this many days after it opens (when the coordinator sets no other day).
FEEDBACK_SURVEY_DAYS = int(os.environ.get("FEEDBACK_SURVEY_DAYS", "14"))
# Results of a meeting (and of each question) are shown only from this many answers on.
FEEDBACK_MIN_RESPONSES = int(os.environ.get("FEEDBACK_MIN_RESPONSES", "5"))

# --- Importing and exporting in the admin (core/imports.py) -------------------
# An uploaded file waits for the coordinator's confirmation in the shared cache, so the
# preview and the import may be answered by different server processes.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
# An exported cell never starts a formula (its leading "=" and the like are dropped).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True

# --- Backups --------------------------------------------------------------
# `manage.py backup DIRECTORY` deletes the archives in DIRECTORY written this many days ago
# or earlier, so data erased today is in no kept archive after that many days.
BACKUP_RETENTION_DAYS = int(os.environ.get("DJANGO_BACKUP_RETENTION_DAYS", "30"))
# Where a backup started from the admin is written (by the worker; operations/backup.py).
BACKUP_DIRECTORY = Path(os.environ.get("DJANGO_BACKUP_DIRECTORY", "") or BASE_DIR / "backups")

# --- Security -------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the portal never uses, denied to it and to anything it could embed
# (core.middleware.PermissionsPolicyMiddleware sends them as `Permissions-Policy`).
# Only names current Chromium recognises: an unknown one is a console warning on every page.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "compute-pressure",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "interest-cohort",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "private-state-token-issuance",
    "private-state-token-redemption",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "window-management",
    "xr-spatial-tracking",
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A refused form gets the portal's own page, in the visitor's language.
CSRF_FAILURE_VIEW = "network.views.csrf_failure"
if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# No inline script anywhere; styles only from our own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *media_origins(os.environ)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Open data API (/api/v1/) --------------------------------------------
# Read-only, anonymous and public: no session authentication, so no CSRF and no members'
# view of anything; any site may read it from a browser (GET only).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # ?page=N strictly: malformed pages are 400, pages past the end 404.
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KLOSSnet open data API",
    "DESCRIPTION": (
        "The public archive of KLOSSnet: meetings, institutions, the steering group and "
        "projects. Read-only; texts in Swedish and English; ids are stable."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # 3.1: its schemas are JSON Schema (nullable as a "null" type), which validators read.
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_every_answer",
    ],
}
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint (the records' PDF) logs every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}
