"""Leerritme's one settings file: every value comes from the environment with a safe embedded default.

Every variable read here is listed in `.env.example` and in the README.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from leerritme.lib.database import database
from leerritme.lib.env import envbool, envint, envlist, envstr

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(envstr("LEERRITME_HOME", str(PACKAGE_DIR.parent.parent)))
VAR_DIR = Path(envstr("LEERRITME_VAR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-demo-key-only-for-debug-mode-" + "x" * 20  # noqa: S105
# Without DEBUG an empty SECRET_KEY stops `leerritme serve`, `worker` and `check` (system check
# leerritme.E001 in home/checks.py), while commands that need no key (makemigrations) still run.

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long the indicators dashboard keeps computed figures per organisation, scope and period (0: never).
METRICS_CACHE_SECONDS = envint("METRICS_CACHE_SECONDS", 300)
SIGNUP_OPEN = envbool("SIGNUP_OPEN", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "channels",
    "django_tasks_db",
    # Before allauth, so that our templates override allauth's (app template dirs are searched in this order).
    "leerritme.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "leerritme.orgs",
    "leerritme.people",
    "leerritme.learning",
    "leerritme.notifications",
    "leerritme.scheduler",
    "leerritme.practices",
    "leerritme.reflection",
    "leerritme.knowledge",
    "leerritme.matching",
    "leerritme.growth",
    "leerritme.xapi",
    "leerritme.loop",
    "leerritme.recognition",
    "leerritme.scan",
    "leerritme.metrics",
    "leerritme.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leerritme.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "leerritme.orgs.middleware.OrganisationMiddleware",
]

ROOT_URLCONF = "leerritme.urls"
ASGI_APPLICATION = "leerritme.asgi.application"
WSGI_APPLICATION = "leerritme.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "leerritme.orgs.context_processors.organisation",
            ],
        },
    }
]

# Database: SQLite (WAL, IMMEDIATE transactions) by default, PostgreSQL through DATABASE_URL, pooled per process
# with DB_POOL_MAX (lib/database.py says why).
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'leerritme.sqlite3'}")
DATABASES = {
    "default": database(
        DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 0), pool_max=envint("DB_POOL_MAX", 0)
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and channel layer: Redis when REDIS_URL is set, in-process otherwise.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # redis-py gives up reading after 5 s, exactly as long as channels_redis waits for a message, so a board
    # quiet for 5 s lost its connections (channels_redis #422): a longer socket timeout. The capacity is per
    # process and shared by all its connections: 100 overflowed with 50 people on one board.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15}], "capacity": 1000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background work: Django's tasks API, stored in the database and run by `leerritme worker`.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login, no usernames; rate limits use the cache (Redis in production).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = envstr("ACCOUNT_EMAIL_VERIFICATION", "none")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "leerritme.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": envstr("LOGIN_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    # Rates, not passwords (bandit's B105 reads the key names):
    "reset_password": "20/m/ip,5/m/key",  # nosec B105
    "reset_password_from_key": "20/m/ip",  # nosec B105
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Leerritme] "
# Tell people by e-mail when their password, address or two-factor settings change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Leerritme"

# Languages: Dutch first and default, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "leerritme_language"
USE_I18N = True
USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "Europe/Amsterdam")

# Static files: our own and the npm packages in node_modules, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
NODE_MODULES = Path(envstr("NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",  # leerritme/app.css and app.js: the project package is not an app
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
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
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# E-mail (Django 6.1 mailers): SMTP when EMAIL_HOST is set; otherwise kept in the database outbox,
# readable at /dev/outbox/ when DEBUG is on, so invitations and password resets can be tried in the demo.
if envstr("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": envstr("EMAIL_HOST"),
                "port": envint("EMAIL_PORT", 587),
                "username": envstr("EMAIL_HOST_USER"),
                "password": envstr("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "use_ssl": envbool("EMAIL_USE_SSL", False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": envstr("EMAIL_BACKEND", "leerritme.notifications.outbox.OutboxBackend")}}
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Leerritme <leerritme@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: HTTPS behind a proxy in production.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", False) else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list is hard to undo and covers every subdomain, so it is the
# operator's explicit choice (SECURE_HSTS_PRELOAD=true), not a default; hence W021 is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Leerritme itself.
INVITATION_DAYS = envint("INVITATION_DAYS", 14)
IMPORT_MAX_BYTES = 5 * 1024 * 1024
MESSAGE_TAGS = {40: "danger"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # The worker command gives these two its own handler; propagating as well printed every line twice.
        "django.tasks": {"propagate": False},
        "django_tasks_db": {"propagate": False},
    },
}
ADMIN_PATH = envstr("ADMIN_PATH", "operator")
