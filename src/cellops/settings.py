"""Django settings for cellops.

Every setting that differs between a laptop and production comes from an
environment variable with a safe local default (see the README,
"Configuration"). Nothing here needs editing to deploy.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CELLOPS_VAR_DIR", Path.cwd() / "var"))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _local_secret_key() -> str:
    """A key made once for a local run and kept in var/, so sessions survive restarts."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        # Written aside and linked into place: two processes starting together (the
        # test runs side by side in CI) end up with one key, never a half-written one.
        draft = VAR_DIR / f"secret_key.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()


DEBUG = _flag("CELLOPS_DEBUG")
SECRET_KEY = os.environ.get("CELLOPS_SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("CELLOPS_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if host.strip()
]


def _first_sprint() -> dict[str, object]:
    raw = os.environ.get("CELLOPS_FIRST_SPRINT", '{"number": 1, "start": "2026-01-05"}')
    value = json.loads(raw)
    start = date.fromisoformat(value["start"])
    if start.weekday() != 0:
        raise ValueError(f"CELLOPS_FIRST_SPRINT: start {start} is not a Monday")
    return {"number": int(value["number"]), "start": start}


CELLOPS_FIRST_SPRINT = _first_sprint()

# The public candidature form (API.md § Recruitment): candidatures an address may send an
# hour; 0 turns the limit off (decision 0031).
CELLOPS_CANDIDATURES_PER_HOUR = int(os.environ.get("CELLOPS_CANDIDATURES_PER_HOUR", "20"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    # Before django_tasks_db: its `db_worker` command is platform's (decision 0065).
    "cellops.platform",
    "django_tasks_db",
    "ninja",  # serves its own Swagger UI files from /static/ninja/ (no CDN)
    "axes",
    "cellops.site",
    "cellops.org",
    "cellops.trial",
    "cellops.recruitment",
    "cellops.sales",
    "cellops.time_off",
    "cellops.sprints",
    "cellops.rituals",
    "cellops.billing",
    "cellops.checklists",
    "cellops.workflows",
]

MIDDLEWARE = [
    "cellops.web.middleware.DatabaseUnavailableMiddleware",  # 503, never 500 (issue #13)
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cellops.web.middleware.ProblemJsonMiddleware",
    "cellops.web.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cellops.site.root_urls"
WSGI_APPLICATION = "cellops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cellops.site.context.navigation",
                "cellops.site.context.viewer",
            ],
            # people by name, times in the viewer's zone, on every page (issue #14 item 11)
            "builtins": ["cellops.site.templatetags.voice"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'cellops.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Take the write lock when a transaction starts, so checks that read before
    # they write (the TO-4 cap) cannot interleave; wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # Tests use a file, not memory: the browser tests' live server then gets its
    # own connection per thread instead of sharing one across concurrent requests.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-cellops.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("CELLOPS_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins (decision 0018): after CELLOPS_LOGIN_FAILURE_LIMIT failures for one
# username, or from one client address, logins there pause for CELLOPS_LOGIN_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("CELLOPS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CELLOPS_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_CALLABLE = "cellops.site.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "cellops.web.client.client_address"
# How many reverse proxies (load balancers) in front of the app append to
# X-Forwarded-For; 0 trusts no header and uses the connection's address.
CELLOPS_TRUSTED_PROXIES = int(os.environ.get("CELLOPS_TRUSTED_PROXIES", "0"))
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

LANGUAGE_CODE = "en"
FORMAT_MODULE_PATH = ["cellops.formats"]
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise serves from the app folders (WHITENOISE_USE_FINDERS); it still expects the root.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SMTP_SECURITY = {"starttls": ("use_tls", 587), "ssl": ("use_ssl", 465), "none": (None, 25)}


def mailer_from_env(environ: Mapping[str, str]) -> dict[str, object]:
    """The default mailer: SMTP when CELLOPS_EMAIL_HOST is set, else the console (local runs).

    CELLOPS_EMAIL_BACKEND names another backend outright. Production needs a
    real one: `check --deploy` refuses the console (Django's mail.E001).
    """
    host = environ.get("CELLOPS_EMAIL_HOST", "").strip()
    default = SMTP_BACKEND if host else "django.core.mail.backends.console.EmailBackend"
    backend = environ.get("CELLOPS_EMAIL_BACKEND", "").strip() or default
    if backend != SMTP_BACKEND:
        return {"BACKEND": backend}
    if not host:
        raise ImproperlyConfigured("CELLOPS_EMAIL_HOST: the SMTP backend needs a host name")
    security = environ.get("CELLOPS_EMAIL_SECURITY", "starttls").strip().lower()
    if security not in SMTP_SECURITY:
        raise ImproperlyConfigured(
            f"CELLOPS_EMAIL_SECURITY: {security!r} is not one of {', '.join(SMTP_SECURITY)}"
        )
    flag, port = SMTP_SECURITY[security]
    raw_port = environ.get("CELLOPS_EMAIL_PORT", "").strip()
    if raw_port and not raw_port.isdigit():
        raise ImproperlyConfigured(f"CELLOPS_EMAIL_PORT: {raw_port!r} is not a port number")
    options: dict[str, object] = {"host": host, "port": int(raw_port) if raw_port else port}
    if flag:
        options[flag] = True
    if user := environ.get("CELLOPS_EMAIL_USER", ""):
        options["username"] = user
        options["password"] = environ.get("CELLOPS_EMAIL_PASSWORD", "")
    options["timeout"] = 10
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_from_env(os.environ)}
DEFAULT_FROM_EMAIL = os.environ.get("CELLOPS_FROM_EMAIL", "cellops@localhost")
# Where people reach the pages: links in emails are built from it.
CELLOPS_BASE_URL = os.environ.get("CELLOPS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "cellops.site.views.csrf_failure"

# CELLOPS_HTTPS: served over HTTPS by a TLS proxy in front of `cellops serve`.
# The proxy must set X-Forwarded-Proto (and drop any the client sent). Plain
# HTTP is then redirected, browsers are told to keep to HTTPS (HSTS, for the
# host and its subdomains: the domain is meant to be HTTPS-only), and cookies
# travel only over HTTPS. Off for a local run on http://127.0.0.1.
if "CELLOPS_SECURE_COOKIES" in os.environ:
    raise ImproperlyConfigured("CELLOPS_SECURE_COOKIES is gone: set CELLOPS_HTTPS=1 instead")
HTTPS = _flag("CELLOPS_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# One year once settled; a first rollout may start lower (e.g. 300) and raise it.
SECURE_HSTS_SECONDS = int(os.environ.get("CELLOPS_HSTS_SECONDS", 31_536_000)) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Joining the browsers' preload list binds the whole domain for months: the
# domain owner opts in (CELLOPS_HSTS_PRELOAD=1); until then its warning is moot.
SECURE_HSTS_PRELOAD = HTTPS and _flag("CELLOPS_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS

# Content-Security-Policy on every response (Django's own middleware): only
# this origin's files, no inline scripts or styles, no plugins, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

NINJA_PAGINATION_PER_PAGE = 50

# Request size limits (README § Limits): past them the API answers 413
# problem+json and pages a 413 page. Django's defaults, stated so they are seen.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB: a JSON body, a form, an .ics import
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Feed links carry a secret in the query (`?key=`): no log line shows it (issue #9).
    "filters": {
        "redact_secrets": {"()": "cellops.web.logs.RedactSecrets"},
        # A 403 is one line, never a traceback (issue #14).
        "one_line_refusals": {"()": "cellops.web.logs.OneLineRefusals"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secrets"],
        },
    },
    "loggers": {
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redact_secrets"],
        },
        "django.request": {"filters": ["redact_secrets", "one_line_refusals"]},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
