"""Settings of Sozialplanung.

Every setting is a typed default with a comment on what it means. Each one can be
overridden by an environment variable of the same name with the prefix
``SOZIALPLANUNG_`` (e.g. ``SOZIALPLANUNG_DEBUG=false``). Secrets come only from the
environment. ``docs/settings.md`` lists them; a test fails when one is undocumented.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypeVar

T = TypeVar("T", str, int, bool, Path)

#: Names of the settings that can be overridden from the environment (documented).
DOCUMENTED_ENV_SETTINGS: list[str] = []


def env(name: str, default: T) -> T:
    """Read ``SOZIALPLANUNG_<name>``, parsed as the type of ``default``."""
    DOCUMENTED_ENV_SETTINGS.append(name)
    raw = os.environ.get(f"SOZIALPLANUNG_{name}")
    if raw is None:
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "ja", "on"}  # type: ignore[return-value]
    if isinstance(default, int):
        return int(raw)  # type: ignore[return-value]
    if isinstance(default, Path):
        return Path(raw)  # type: ignore[return-value]
    return raw  # type: ignore[return-value]


PACKAGE_DIR = Path(__file__).resolve().parent

# Where the SQLite database, uploaded files and logs live. Relative to the working directory.
DATA_DIR: Path = env("DATA_DIR", Path("var"))

# Development mode: detailed error pages. Never in production.
DEBUG: bool = env("DEBUG", False)

# Signs sessions and CSRF tokens. The default is published in this file: with DEBUG off the
# server refuses to start with it, an empty or a short key (core/checks.py). `make demo`
# and `make test` pass a random key of their own.
PUBLISHED_SECRET_KEY = "unsicher-nur-fuer-entwicklung-und-demo"
SECRET_KEY: str = env("SECRET_KEY", PUBLISHED_SECRET_KEY)

# Host names this server answers to, comma-separated.
ALLOWED_HOSTS: list[str] = env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

# Database: "sqlite" (embedded, the default) or "postgresql".
DB_ENGINE: str = env("DB_ENGINE", "sqlite")
# Database name (PostgreSQL) or file name inside DATA_DIR (SQLite).
DB_NAME: str = env("DB_NAME", "sozialplanung")
DB_HOST: str = env("DB_HOST", "127.0.0.1")
DB_PORT: int = env("DB_PORT", 5432)
DB_USER: str = env("DB_USER", "sozialplanung")
DB_PASSWORD: str = env("DB_PASSWORD", "")

# The repository's own open data (Dresden, Berlin MSS, OParl, HSDS; see data/SOURCES.md):
# freely licensed, so the demo's Dresden and the tests need nothing from outside.
OPEN_DATA_DIR: Path = env("OPEN_DATA_DIR", PACKAGE_DIR.parent.parent / "data")

# Directory with the open data the repository may not redistribute (Leipzig, whose licence
# is unclear), which the demo loader imports from its leipzig/ subfolder.
DEMO_DATA_DIR: Path = env("DEMO_DATA_DIR", PACKAGE_DIR.parent.parent.parent / "shared" / "data")

# Password of every demo login created by `sozialplanung demo`.
DEMO_PASSWORD: str = env("DEMO_PASSWORD", "demo")
# Key (base32) of the authenticator device of the demo logins that need a second factor.
DEMO_TOTP_SECRET: str = env("DEMO_TOTP_SECRET", "KNXXU2LBNRYGYYLOOVXGOLKEMVWW6IJB")

# Largest file accepted by the web imports, in megabytes. Django's upload settings
# below do not cap files streamed to disk, so the upload forms check this themselves.
MAX_UPLOAD_MB: int = env("MAX_UPLOAD_MB", 50)

# Largest cell of an imported CSV file, in megabytes: a file of one endless line must
# fail early instead of filling the memory (WKT boundaries stay far below this).
MAX_CELL_MB: int = env("MAX_CELL_MB", 10)

# Tesseract OCR program for scanned council documents (a name on PATH or a full path);
# it needs the German language model ("deu", Debian package tesseract-ocr-deu).
TESSERACT_CMD: str = env("TESSERACT_CMD", "tesseract")

# Real Dresden council documents for measuring the document intake (`intake-eval`); not
# in the repository because their licence is not confirmed.
INTAKE_CORPUS_DIR: Path = env("INTAKE_CORPUS_DIR", DEMO_DATA_DIR / "dresden-ratsinfo")

# Coordinate reference system for metric work (distances, simplification): ETRS89 / UTM 33N.
METRIC_CRS: str = env("METRIC_CRS", "EPSG:25833")

# Months after which an offer whose record was not confirmed counts as stale ("veraltet");
# its provider is then reminded by e-mail (command send_stale_reminders).
OFFER_STALE_MONTHS: int = env("OFFER_STALE_MONTHS", 12)
# The periodic resolution-control report: an item due within this many days is "due soon".
RESOLUTION_REPORT_DUE_SOON_DAYS: int = env("RESOLUTION_REPORT_DUE_SOON_DAYS", 30)

# E-mail: the console backend prints mails instead of sending them (demo).
EMAIL_BACKEND: str = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL: str = env("DEFAULT_FROM_EMAIL", "sozialplanung@localhost")

# Statistical confidentiality (core/suppression.py, docs/datenschutz.md): for the public
# and providers, counts below SUPPRESS_MIN_CELL (1 and 2; 0 is shown) and every value of
# an area with fewer than SUPPRESS_MIN_POPULATION residents are withheld ("•"), with
# secondary suppression along the area hierarchy. The residents are read from the
# indicator with the slug SUPPRESS_POPULATION_INDICATOR of each municipality.
SUPPRESS_MIN_CELL: int = env("SUPPRESS_MIN_CELL", 3)
SUPPRESS_MIN_POPULATION: int = env("SUPPRESS_MIN_POPULATION", 300)
SUPPRESS_POPULATION_INDICATOR: str = env("SUPPRESS_POPULATION_INDICATOR", "einwohner")
# Internal offer figures (capacity, places) in public outputs: a cell built from fewer
# than SUPPRESS_MIN_PROVIDERS providers (1 and 2; none is shown) is withheld, with
# secondary suppression along the area hierarchy (docs/datenschutz.md).
SUPPRESS_MIN_PROVIDERS: int = env("SUPPRESS_MIN_PROVIDERS", 3)

# --- Production behind a TLS proxy (docs/betrieb.md gives the values for a server) ---

# Seconds browsers must reach this host over HTTPS only (HSTS header); 0 sends no header.
SECURE_HSTS_SECONDS: int = env("SECURE_HSTS_SECONDS", 0)
# HSTS for all subdomains of the host, and the flag for browsers' preload lists.
SECURE_HSTS_INCLUDE_SUBDOMAINS: bool = env("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD: bool = env("SECURE_HSTS_PRELOAD", False)
# Redirect every plain-HTTP request to HTTPS (the health check is exempt, for monitors).
SECURE_SSL_REDIRECT: bool = env("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^gesundheit/$", r"^healthz$"]
# Send the session and CSRF cookies over HTTPS only.
SESSION_COOKIE_SECURE: bool = env("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE: bool = env("CSRF_COOKIE_SECURE", False)
# Origins allowed to post forms besides the host itself, comma-separated, with scheme.
CSRF_TRUSTED_ORIGINS: list[str] = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Seconds a login lasts at most (8 hours: one working day), however active the user is.
SESSION_COOKIE_AGE: int = env("SESSION_COOKIE_AGE", 8 * 60 * 60)
# Trust the proxy's X-Forwarded-Proto header: only behind a proxy that always sets it.
SECURE_PROXY_SSL_HEADER: tuple[str, str] | None = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env("SECURE_PROXY_SSL_HEADER", False) else None
)
# Take the host name from the proxy's X-Forwarded-Host header.
USE_X_FORWARDED_HOST: bool = env("USE_X_FORWARDED_HOST", False)
# Seconds a database connection is kept for the next request; 0 closes it after each.
# Opening a PostgreSQL connection costs more than most page queries (issue 17).
CONN_MAX_AGE: int = env("CONN_MAX_AGE", 60)
# Lowest level written to the log (stdout, one JSON object per line): DEBUG, INFO, WARNING, ERROR.
LOG_LEVEL: str = env("LOG_LEVEL", "INFO")
# Static files under names with a content hash (app.3f2a1b9c0d4e.js) that nginx lets browsers
# keep for a year; needs `sozialplanung collectstatic` after every update (production).
STATIC_HASHED_NAMES: bool = env("STATIC_HASHED_NAMES", False)
# Folder for mails when EMAIL_BACKEND is the file backend (django.core.mail.backends.filebased).
EMAIL_FILE_PATH: Path = env("EMAIL_FILE_PATH", DATA_DIR / "mails")

# OParl import from a server (issue 13, finding 7): it fetches only under the endpoint's
# own origin plus these (comma-separated, e.g. "https://files.ris.example"), never from
# private, loopback or link-local addresses unless allowed (a council system inside the
# city network), at most OPARL_IMPORT_MAX_MB per answer and TIMEOUT_SECONDS per answer.
OPARL_IMPORT_ALLOWED_ORIGINS: list[str] = [
    o for o in env("OPARL_IMPORT_ALLOWED_ORIGINS", "").split(",") if o.strip()
]
OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES: bool = env("OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES", False)
OPARL_IMPORT_MAX_MB: int = env("OPARL_IMPORT_MAX_MB", 20)
OPARL_IMPORT_TIMEOUT_SECONDS: int = env("OPARL_IMPORT_TIMEOUT_SECONDS", 60)

# --- Django wiring below: not meant to be changed by operators. ---

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    # Serves the API docs page (Swagger UI) from local static files, not a CDN.
    "ninja",
    "sozialplanung.core",
    "sozialplanung.reports",
    "sozialplanung.areas",
    "sozialplanung.council",
    "sozialplanung.intake",
    "sozialplanung.offers",
    "sozialplanung.needs",
    "sozialplanung.measures",
    "sozialplanung.demo",
    "sozialplanung.web",
]

MIDDLEWARE = [
    "sozialplanung.core.logs.RequestLogMiddleware",  # first: sees the final status and duration
    "django.middleware.security.SecurityMiddleware",
    # Serves the static files (Leaflet, htmx, CSS) without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sozialplanung.web.middleware.ChosenLanguageMiddleware",  # German unless chosen otherwise
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sozialplanung.web.middleware.MethodNotAllowedPageMiddleware",  # a 405 as a page
]

ROOT_URLCONF = "sozialplanung.urls"
WSGI_APPLICATION = "sozialplanung.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sozialplanung.web.context.navigation",
            ],
        },
    },
]

if DB_ENGINE == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": DB_NAME,
            "HOST": DB_HOST,
            "PORT": DB_PORT,
            "USER": DB_USER,
            "PASSWORD": DB_PASSWORD,
            "CONN_MAX_AGE": CONN_MAX_AGE,
            # A kept connection the server dropped is replaced instead of failing a request.
            "CONN_HEALTH_CHECKS": CONN_MAX_AGE > 0,
        }
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / f"{DB_NAME}.sqlite3",
            # A file, not memory, for tests too: the browser tests' server thread and
            # background imports must see the same database.
            "TEST": {"NAME": DATA_DIR / f"test_{DB_NAME}.sqlite3"},
            "OPTIONS": {"timeout": 20},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "sozialplanung.core.static_storage.HashedStaticFiles"
        if STATIC_HASHED_NAMES
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "uploads"
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# One JSON object per line on stdout (core/logs.py): what journald and log collectors read.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sozialplanung.core.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own request errors reach the root handler once, not twice (mail_admins off).
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # runserver's access lines: the request log of core/logs.py says the same as JSON.
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
        # django-axes greets every process start (each command too) with an INFO line;
        # its warnings about lock-outs still come through.
        "axes.apps": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}

# --- Login, second factor, single sign-on, headers (docs/sicherheit.md) ---

# Shortest password accepted (Django's four validators check the rest: not like the
# user name, not a common password, not only digits).
PASSWORD_MIN_LENGTH: int = env("PASSWORD_MIN_LENGTH", 12)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock-out (django-axes): after this many failed logins for one user name from one
# address, further logins of that pair are refused for LOGIN_COOLOFF_MINUTES.
LOGIN_FAILURE_LIMIT: int = env("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES: int = env("LOGIN_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_COOLOFF_MINUTES / 60  # a float counts as hours in axes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "sozialplanung.web.account.locked_out"
AXES_RESET_ON_SUCCESS = True

# Second factor (TOTP, django-otp): required for administrators and the planning unit,
# offered to everyone else. Off only for a closed test installation.
REQUIRE_2FA: bool = env("REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Sozialplanung"

# Whom to tell about a vulnerability in this installation (e-mail or https address),
# published as /.well-known/security.txt; empty: no such file.
SECURITY_CONTACT: str = env("SECURITY_CONTACT", "")

# Logged-in sessions end after this many minutes without a request (8 hours).
SESSION_IDLE_MINUTES: int = env("SESSION_IDLE_MINUTES", 480)

# Local login with user name and password; false hides and refuses the form (then only
# single sign-on logs in).
LOCAL_LOGIN: bool = env("LOCAL_LOGIN", True)

# Single sign-on with OpenID Connect (mozilla-django-oidc): on when a client id is set.
# The endpoints are the provider's (see its /.well-known/openid-configuration).
OIDC_ISSUER: str = env("OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID: str = env("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET: str = env("OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT: str = env("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT: str = env("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT: str = env("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT: str = env("OIDC_JWKS_ENDPOINT", "")
# Where the provider ends its own session on logout (empty: only ours ends).
OIDC_END_SESSION_ENDPOINT: str = env("OIDC_END_SESSION_ENDPOINT", "")
# The claim that lists the person's directory groups, and which group gives which role,
# municipality and office, as JSON: {"GRP-Sozialplanung": {"role": "sozialplanung",
# "municipality": "dresden"}, "GRP-Sozialamt": {"role": "fachamt", "municipality":
# "dresden", "office": "Sozialamt"}}. A person in no mapped group is refused.
OIDC_GROUPS_CLAIM: str = env("OIDC_GROUPS_CLAIM", "groups")
OIDC_GROUP_MAP: str = env("OIDC_GROUP_MAP", "{}")
# The provider enforces its own second factor, so SSO logins skip ours.
OIDC_REPLACES_2FA: bool = env("OIDC_REPLACES_2FA", True)
OIDC_RP_SIGN_ALGO = "RS256"
# Scopes asked for; some providers send the groups claim only with a scope of its own.
OIDC_RP_SCOPES: str = env("OIDC_SCOPES", "openid email profile groups")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_STORE_ID_TOKEN = True  # the provider's logout needs it as id_token_hint
LOGIN_REDIRECT_URL_FAILURE = "/anmelden/"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out pair is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "sozialplanung.core.login.LocalPasswordBackend",
    "sozialplanung.core.oidc.DirectoryBackend",
]
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "sozialplanung.core.otp.SecondFactorMiddleware",
    "sozialplanung.core.sessions.IdleTimeoutMiddleware",
    # Last, as axes asks: it turns a refused login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]
# Content-Security-Policy (django-csp 4): scripts and style sheets only from this server,
# no inline script. Style attributes stay allowed: they carry computed presentation
# values (bar widths, map colours, timeline positions) and cannot run code
# (docs/sicherheit.md).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # After logout the browser goes on to the provider to end its session too.
        "form-action": [
            "'self'",
            *([OIDC_END_SESSION_ENDPOINT] if OIDC_END_SESSION_ENDPOINT else []),
        ],
        "frame-ancestors": ["'none'"],
    }
}

# --- Background work (web imports, OParl synchronisation, reminder runs) ---
# django-tasks with its database backend: the queue is a table of the same database, so
# it survives restarts and runs on SQLite and PostgreSQL alike; `sozialplanung worker`
# runs the tasks (docs/hintergrundaufgaben.md).

# Where tasks run: "database" (queued, a worker runs them) or "immediate" (inside the
# request that starts them, without a worker: for trying things out only).
TASK_BACKEND: str = env("TASK_BACKEND", "database")

# Seconds without a sign of life from a running import after which its worker counts as
# dead: the job is marked failed and its upload file removed.
TASK_HEARTBEAT_TIMEOUT: int = env("TASK_HEARTBEAT_TIMEOUT", 600)

INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND],
    }
}
if DB_ENGINE != "postgresql":
    # Web, worker and heartbeat write the same file: a transaction takes the write lock
    # when it begins, so two writers wait for each other instead of one failing with
    # "database is locked" when it upgrades a read to a write.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

# Where reports of accessibility problems (form under /rechtliches/barrierefreiheit/) are
# mailed; empty: they are only stored and shown to administrators in the admin.
ACCESSIBILITY_FEEDBACK_EMAIL: str = env("ACCESSIBILITY_FEEDBACK_EMAIL", "")

# Form widgets render through the project's template settings, so that web/templates can
# override Django's widget templates (the empty choice "---------" said in words).
INSTALLED_APPS.append("django.forms")
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Computed once per data version (core/computed.py, issue 17) ---
# Results of analyses (social index, gap analyses, allocation, simplified boundaries) are
# kept in this folder, shared by every server process and the worker, until the data
# they were computed from change. Emptying it only costs recomputation.
# Absolute: Django warns of a relative cache folder (it would follow the working directory).
CACHE_DIR: Path = Path(env("CACHE_DIR", DATA_DIR / "cache")).resolve()
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": CACHE_DIR,
        "TIMEOUT": None,  # results stay valid until their data version changes
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# --- The public can follow resolutions (council/public, docs/beschlusskontrolle-oeffentlich.md) ---

# Address of this installation as the public reaches it (scheme and host, no trailing
# slash): the links in subscription mails, which the worker writes without a request.
SITE_URL: str = env("SITE_URL", "http://127.0.0.1:8000")

# --- Whole public pages (core/page_cache.py, issue 17) ---
# After login and language (just before axes, which wants to be last): pages for visitors
# without a login and without a session come from the cache until the next audited
# change (at most a minute). Switched on with SOZIALPLANUNG_PAGE_CACHE=true (bench/web.py
# does): tests that write past the audit and view a page again would see the kept page.
PAGE_CACHE_MIDDLEWARE = "sozialplanung.core.page_cache.PublicPageCacheMiddleware"
if env("PAGE_CACHE", False):
    MIDDLEWARE.insert(MIDDLEWARE.index("axes.middleware.AxesMiddleware"), PAGE_CACHE_MIDDLEWARE)
