"""Settings of CS-portaal, read from environment variables.

There is one settings module. Production is the default: without ``CS_PROFILE`` the portal
refuses to start without a ``SECRET_KEY`` and sends secure-only cookies. ``CS_PROFILE=development``
(what ``make run`` sets) switches to the embedded defaults: SQLite, console e-mail, DEBUG and
a fixed development secret. Every value can still be overridden by its own variable.

Variables: ``CS_PROFILE``, ``SECRET_KEY``, ``DEBUG``, ``ALLOWED_HOSTS``, ``CSRF_TRUSTED_ORIGINS``,
``DATABASE_URL``, ``EMAIL_URL``, ``DEFAULT_FROM_EMAIL``, ``REDIS_URL``, ``SECURE_SSL_REDIRECT``,
``SECURE_PROXY_SSL_HEADER``, ``SITE_URL``, ``CS_CONFIRMATION_MAX_AGE_DAYS``, ``CS_INTAKE_DAYS``,
``CS_LEGAL_REVIEW_DAYS``, ``CS_PRACTICAL_REVIEW_DAYS``, ``CS_STEERING_DAYS``.
``TIME_ZONE`` is fixed to Europe/Amsterdam on purpose (deadlines).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

PROFILE = env.str("CS_PROFILE", default="production")
if PROFILE not in {"production", "development"}:
    raise environ.ImproperlyConfigured("CS_PROFILE must be 'production' or 'development'")
DEVELOPMENT = PROFILE == "development"

DEBUG = env.bool("DEBUG", default=DEVELOPMENT)

if DEVELOPMENT:
    SECRET_KEY = env.str("SECRET_KEY", default="development-only-not-secret-" + "x" * 40)
else:
    # No default: Django refuses to sign anything (sessions, CSRF, links) with an empty key, while
    # commands that need no secret (makemigrations, check) still run without one.
    SECRET_KEY = env.str("SECRET_KEY", default="")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEVELOPMENT else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    # Django REST framework is used without its app: the app's only contribution here would be
    # its Dutch catalogue, which would replace Django's "Dit veld is verplicht." on every form.
    "drf_spectacular",
    "django_fsm",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "pages",
    "standards",
    "organisations",
    "governance",
    "notifications",
    "api",
    "demo",
]

MIDDLEWARE = [
    "api.middleware.ApiHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.caching.SealedResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pages.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server use the embedded database side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "standards:standard_list"
LOGOUT_REDIRECT_URL = "standards:standard_list"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEVELOPMENT else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CS-portaal <noreply@cs-portaal.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict unless the development profile is chosen.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEVELOPMENT)
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SECURE_HSTS_SECONDS = 0 if DEVELOPMENT else env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_HSTS_PRELOAD = not DEVELOPMENT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every page it lays out at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Where the published reference documents live next to a checkout (used by checks, never copied).
SHARED_DATA_DIR = Path(env.str("SHARED_DATA_DIR", default=str(BASE_DIR.parent / "shared" / "data")))

# The portal's own address, for links in e-mails sent by background tasks (no request there).
SITE_URL = env.str(
    "SITE_URL", default="http://127.0.0.1:8000" if DEVELOPMENT else "https://cs-portaal.nl"
).rstrip("/")

# Change requests: how long an e-mail confirmation link stays valid, and how many calendar days
# each review step may take before it shows as overdue in the queues.
CS_CONFIRMATION_MAX_AGE_DAYS = env.int("CS_CONFIRMATION_MAX_AGE_DAYS", default=7)
CS_REVIEW_DAYS = {
    "intake": env.int("CS_INTAKE_DAYS", default=10),
    "legal_review": env.int("CS_LEGAL_REVIEW_DAYS", default=42),
    "practical_review": env.int("CS_PRACTICAL_REVIEW_DAYS", default=42),
    "steering": env.int("CS_STEERING_DAYS", default=90),
}

# The REST API for integrators (api/, NL API Design Rules): JSON only, problem details for
# errors, camelCase query keys, lists paginated, django-filter for filters.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CS-portaal API",
    "DESCRIPTION": (
        "Releases of the Contractstandaarden with their full text, comparisons between any two "
        "releases, article histories, change requests with their public timeline, and "
        "implementation deadlines. Follows the NL API Design Rules."
    ),
    "CONTACT": {
        "name": "Ketenbureau i-Sociaal Domein",
        "email": env("API_CONTACT_EMAIL", default="api@cs-portaal.example.nl"),
        "url": env("API_CONTACT_URL", default=f"{SITE_URL}/contact/"),
    },
    # The address integrators use; the NL API Design Rules want https and the major version.
    "SERVERS": [{"url": env("API_SERVER_URL", default=f"{SITE_URL}/api/v1")}],
    "SCHEMA_PATH_PREFIX": "/api/v[0-9]+",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    # The rules want the document itself listed as a resource.
    "SERVE_INCLUDE_SCHEMA": True,
    "COMPONENT_SPLIT_REQUEST": True,
    "OAS_VERSION": "3.0.3",
    "ENUM_NAME_OVERRIDES": {
        "ChangeRequestStateEnum": "governance.constants.ChangeRequestState",
        "PublicChangeRequestStateEnum": "governance.filters.PUBLIC_STATES",
        "ChangeKindEnum": "governance.constants.ChangeKind",
        "OrganisationTypeEnum": "organisations.constants.OrganisationKind",
        "ProviderResponseKindEnum": "organisations.constants.ProviderResponseKind",
        "ObligationStatusEnum": "organisations.constants.ObligationStatus",
        "ProcurementTypeEnum": "organisations.constants.ProcurementType",
        "DeadlineKindEnum": "api.governance.serializers.DeadlineKind.CHOICES",
        "ReleaseStateEnum": "standards.constants.ReleaseState",
        "DocumentKindEnum": "standards.constants.DocumentKind",
        "DeviationPolicyEnum": "standards.constants.DeviationPolicy",
        "FrontMatterKindEnum": "standards.constants.FrontMatterKind",
        "ArticleChangeKindEnum": "standards.comparison.ArticleChangeKind",
        "RedlineOperationKindEnum": "standards.redlines.Kind",
    },
    "TAGS": [
        {"name": "Standaarden", "description": "The standards (contractstandaarden)."},
        {"name": "Versies", "description": "Releases with their full text, and comparisons."},
        {"name": "Artikelen", "description": "Articles through all releases."},
        {
            "name": "Wijzigingsverzoeken",
            "description": "Change requests (wijzigingsverzoeken) with their public timeline.",
        },
        {
            "name": "Besluitenlijsten",
            "description": "The published decision lists of the Stuurgroep i-Sociaal Domein.",
        },
        {"name": "Vragen en antwoorden", "description": "Published Q&A entries."},
        {
            "name": "Termijnen",
            "description": "Submission deadlines, effective dates and implementation deadlines.",
        },
        {
            "name": "Organisaties",
            "description": "Organisations, their contracts and where each stands (authenticated).",
        },
        {"name": "API", "description": "This document."},
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_conventions",
    ],
}
