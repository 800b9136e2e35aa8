"""Django settings for cellops.

Every setting that differs between a laptop and production comes from an
environment variable with a safe local default (see the README,
"Configuration"). Nothing here needs editing to deploy.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import date
from pathlib import Path

import dj_database_url

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
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
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

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "cellops.core",
    "cellops.org",
    "cellops.trial",
    "cellops.sales",
    "cellops.time_off",
    "cellops.sprints",
    "cellops.billing",
    "cellops.checklists",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cellops.core.middleware.ProblemJsonMiddleware",
    "cellops.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "cellops.urls"
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
                "cellops.core.context.navigation",
            ],
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

MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "CELLOPS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        )
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("CELLOPS_FROM_EMAIL", "cellops@localhost")
# Where people reach the pages: links in emails are built from it.
CELLOPS_BASE_URL = os.environ.get("CELLOPS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _flag("CELLOPS_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

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
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
