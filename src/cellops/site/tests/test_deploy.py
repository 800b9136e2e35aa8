"""Production settings (finding 5 of issue #9): HTTPS, e-mail, `check --deploy`.

These run the real `cellops` command in a fresh process, because the settings
are read from the environment once, when the process starts.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cellops.settings import SMTP_BACKEND, mailer_from_env

CELLOPS = Path(sys.executable).parent / "cellops"
#: What API.md § Configuration calls production (the mail host is never contacted).
PRODUCTION = {
    "CELLOPS_DEBUG": "0",
    "CELLOPS_HTTPS": "1",
    "CELLOPS_ALLOWED_HOSTS": "cellops.example.com",
    "CELLOPS_EMAIL_HOST": "smtp.example.com",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`cellops ARGS` with only the given CELLOPS_* variables (and a fresh secret key).

    The test run's own DJANGO_* switches stay out (the browser tests set
    DJANGO_ALLOW_ASYNC_UNSAFE, which a deploy check rightly refuses).
    """
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CELLOPS_", "DJANGO_"))}
    base.update(
        CELLOPS_VAR_DIR=str(tmp_path),
        CELLOPS_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_SETTINGS_MODULE="cellops.settings",
    )
    base.update(env)
    return subprocess.run(
        [str(CELLOPS), *args], capture_output=True, text=True, env=base, timeout=120
    )


def _settings(tmp_path: Path, **env: str) -> dict[str, object]:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {SECURITY_SETTINGS!r}}}))"
    )
    done = _run(tmp_path, "shell", "-c", code, **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_finding_5_check_deploy_is_clean_under_production_settings(tmp_path):
    """`cellops check --deploy` in production prints no warning and no error, only the all-clear."""
    done = _run(tmp_path, "check", "--deploy", **PRODUCTION)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "WARNING" not in output and "ERROR" not in output, output
    # The one silenced check is HSTS preload: the domain owner's own choice (README).
    assert output.strip() == "System check identified no issues (1 silenced).", output


def test_finding_5_check_deploy_refuses_the_console_mail_backend_in_production(tmp_path):
    """Production with the console backend (no mail host) fails `check --deploy` by name."""
    production_without_mail = {k: v for k, v in PRODUCTION.items() if k != "CELLOPS_EMAIL_HOST"}
    done = _run(tmp_path, "check", "--deploy", **production_without_mail)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "(mail.E001)" in output and "console.EmailBackend" in output, output
    assert "security." not in output, output


def test_finding_5_check_deploy_names_every_gap_when_https_is_off(tmp_path):
    """Without CELLOPS_HTTPS the deploy check lists HSTS, the redirect and both cookies."""
    done = _run(tmp_path, "check", "--deploy", **{**PRODUCTION, "CELLOPS_HTTPS": "0"})
    output = done.stdout + done.stderr
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert f"({check})" in output, output


def test_finding_5_cellops_https_turns_on_redirect_hsts_proxy_header_and_secure_cookies(tmp_path):
    """CELLOPS_HTTPS=1 sets all six; a local run (the default) keeps plain HTTP."""
    assert _settings(tmp_path, CELLOPS_HTTPS="1") == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    assert _settings(tmp_path) == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }


def test_finding_5_the_old_secure_cookies_switch_stops_the_start_instead_of_being_ignored(
    tmp_path,
):
    """CELLOPS_SECURE_COOKIES is folded into CELLOPS_HTTPS; setting it says so and starts nothing."""
    done = _run(tmp_path, "check", CELLOPS_SECURE_COOKIES="1")
    assert done.returncode != 0
    assert "CELLOPS_SECURE_COOKIES is gone: set CELLOPS_HTTPS=1 instead" in done.stderr


def test_finding_5_a_mail_host_means_smtp_with_starttls_on_587_by_default():
    assert mailer_from_env(
        {"CELLOPS_EMAIL_HOST": "smtp.example.com", "CELLOPS_EMAIL_USER": "cellops"}
    ) == {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": "smtp.example.com",
            "port": 587,
            "use_tls": True,
            "username": "cellops",
            "password": "",
            "timeout": 10,
        },
    }


def test_finding_5_smtp_over_ssl_or_plain_takes_its_port_and_an_explicit_one():
    ssl = mailer_from_env({"CELLOPS_EMAIL_HOST": "mx", "CELLOPS_EMAIL_SECURITY": "ssl"})
    assert ssl["OPTIONS"] == {"host": "mx", "port": 465, "use_ssl": True, "timeout": 10}
    plain = mailer_from_env(
        {"CELLOPS_EMAIL_HOST": "mx", "CELLOPS_EMAIL_SECURITY": "none", "CELLOPS_EMAIL_PORT": "2525"}
    )
    assert plain["OPTIONS"] == {"host": "mx", "port": 2525, "timeout": 10}


def test_finding_5_without_a_mail_host_a_local_run_prints_mail_to_the_console():
    assert mailer_from_env({}) == {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    other = "django.core.mail.backends.filebased.EmailBackend"
    assert mailer_from_env({"CELLOPS_EMAIL_BACKEND": other}) == {"BACKEND": other}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CELLOPS_EMAIL_BACKEND": SMTP_BACKEND}, "CELLOPS_EMAIL_HOST"),
        (
            {"CELLOPS_EMAIL_HOST": "mx", "CELLOPS_EMAIL_SECURITY": "tls1.3"},
            "CELLOPS_EMAIL_SECURITY",
        ),
        ({"CELLOPS_EMAIL_HOST": "mx", "CELLOPS_EMAIL_PORT": "smtp"}, "CELLOPS_EMAIL_PORT"),
    ],
)
def test_finding_5_a_bad_mail_setting_stops_the_start_naming_the_variable(env, named):
    with pytest.raises(ImproperlyConfigured, match=named):
        mailer_from_env(env)
