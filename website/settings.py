"""Lectern's one settings module: every deployment difference comes from the environment.

With nothing set, Lectern runs embedded: SQLite in the project folder, Celery tasks run eagerly
in-process, e-mail printed to the console. Production sets DATABASE_URL, CELERY_BROKER_URL,
SECRET_KEY, ALLOWED_HOSTS and DEBUG=false (and then `manage.py check --deploy` is clean).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-0123456789-abcdefghijklmnop"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Lectern: identity and tenancy first, the domains after.
    "lms.accounts",
    "lms.portals",
    "lms.audit",
    "lms.categories",
    "lms.gamification",
    "lms.locations",
    "lms.notifications",
    "lms.staff",
    "lms.twofactor",
    "lms.userfields",
    "lms.media",
    "lms.certificates",
    "lms.modules",
    "lms.courses",
    "lms.enrollments",
    "lms.announcements",
    "lms.ratings",
    "lms.player",
    "lms.reports",
    "lms.learner",
    "cms.home",
    "cms.pages",
    "cms.menus",
    "website",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django and the platform's packages
    "website.admin_config.LecternAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "guardian",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "website.csp.SitePagesContentSecurityPolicy",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"
ASGI_APPLICATION = "website.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # ModelBackend with a cool-off after repeated failures per username and address.
    "lms.twofactor.backends.ThrottledModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "learner:sign-in"
LOGIN_REDIRECT_URL = "learner:dashboard"
TWO_FACTOR_ISSUER = env("TWO_FACTOR_ISSUER", "Lectern")

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Static and media files: whitenoise serves static files, so the site works without a CDN.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Lectern <no-reply@lectern.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail's live preview and the course player (SCORM) frame our own pages: same origin, never others.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Django REST framework: one error shape, one auth story, one schema generator.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "website.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "website.api.schema.LecternAutoSchema",
    "DEFAULT_THROTTLE_RATES": {"login": env("LOGIN_THROTTLE_RATE", "20/min")},
}
REST_KNOX = {
    "TOKEN_TTL": None,
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Lectern API",
    "DESCRIPTION": "The Lectern learning platform's API: every documented operation under /api/v1/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["website.api.schema.keep_public_api_paths"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "ENUM_NAME_OVERRIDES": {"CategoryTypeEnum": "lms.categories.models.CategoryType"},
}

# The address academies point their custom portal domains at (shown in the portal settings).
LECTERN_PORTAL_DOMAIN_IP = env("LECTERN_PORTAL_DOMAIN_IP")

# Tenancy: the portal tree lives in lms.portals; website/ reaches it only through this backend.
LECTERN_TENANCY_BACKEND = "lms.portals.tenancy.PortalTenancy"

# Celery: with no broker, tasks run eagerly in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # E-mails are written to an outbox first; the sweep re-dispatches any not yet delivered.
    "notifications-sweep-outbox": {"task": "notifications.sweep_outbox", "schedule": 300.0},
    # Chunked uploads abandoned for a day are removed with their chunks.
    "media-purge-stale-uploads": {"task": "media.purge_stale_uploads", "schedule": 3600.0},
    # Library files whose row never committed (an upload inside a transaction that rolled back).
    "media-purge-orphan-files": {"task": "media.purge_orphan_files", "schedule": 86400.0},
    # Enrolments past their expiry become expired (the player already closes them on the spot).
    "enrollments-expire": {"task": "lms.enrollments.tasks.expire_enrollments", "schedule": 3600.0},
}

# The learner's pages and the site's Wagtail pages send a strict Content-Security-Policy (website/csp.py);
# these may be framed there: the video players (pages' video blocks too) and the office viewers.
LECTERN_CSP_FRAME_SOURCES = env_list(
    "LECTERN_CSP_FRAME_SOURCES",
    "https://www.youtube-nocookie.com,https://www.youtube.com,https://player.vimeo.com,https://player.mux.com,"
    "https://iframe.mediadelivery.net,https://view.officeapps.live.com,https://docs.google.com",
)

# The course player stops counting a learner's time after this long without any activity on the page.
LECTERN_PLAYER_IDLE_SECONDS = int(env("LECTERN_PLAYER_IDLE_SECONDS", "300"))

# Media library: uploads are checked by content and capped; Mux and Bunny are reached at these bases.
LECTERN_MEDIA_MAX_UPLOAD_BYTES = int(env("LECTERN_MEDIA_MAX_UPLOAD_BYTES", str(1024**3)))
LECTERN_MEDIA_MAX_CHUNK_BYTES = int(env("LECTERN_MEDIA_MAX_CHUNK_BYTES", str(16 * 1024**2)))
LECTERN_MEDIA_PROVIDER_TIMEOUT = 10
MUX_BASE_URL = env("MUX_BASE_URL", "https://api.mux.com")
MUX_TOKEN_ID = env("MUX_TOKEN_ID")
MUX_TOKEN_SECRET = env("MUX_TOKEN_SECRET")
BUNNY_API_BASE_URL = env("BUNNY_API_BASE_URL", "https://api.bunny.net")
BUNNY_API_KEY = env("BUNNY_API_KEY")
BUNNY_STREAM_BASE_URL = env("BUNNY_STREAM_BASE_URL", "https://video.bunnycdn.com")
BUNNY_LIBRARY_ID = env("BUNNY_LIBRARY_ID")
BUNNY_LIBRARY_API_KEY = env("BUNNY_LIBRARY_API_KEY")
BUNNY_REPLICATION_REGIONS = env_list("BUNNY_REPLICATION_REGIONS")

# Caches: Redis when configured, memory otherwise.
REDIS_CACHE_URL = env("REDIS_CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}
    if REDIS_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Wagtail
WAGTAIL_SITE_NAME = env("LECTERN_SITE_NAME", "Lectern Academy")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
LECTERN_SITE_URL = env("LECTERN_SITE_URL", "")  # base of e-mailed links; falls back to WAGTAILADMIN_BASE_URL
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Admin: import/export through our own base admin; history kept per change.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
SIMPLE_HISTORY_REVERT_DISABLED = False
GUARDIAN_RAISE_403 = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
