"""Feed secrets kept out of caches and logs (issue #9, finding 7).

Each test is named after the finding (and rule) it proves; they came from
`test_trust.py` (issues #8 and #9), split by layer and topic.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from cellops.org import api as org_api
from cellops.org.data import Role
from cellops.time_off import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def olga(make_member, api_client_for):
    """Olga (8 daily hours) in Falcon, a CEO who imports, and a colleague."""
    make_member("olga", cell="Falcon", first_name="Olga")
    make_member("paul", cell="Falcon", first_name="Paul")
    make_member("boss", cell="Falcon", first_name="Bea", roles=(Role.CEO,))
    return api_client_for("boss")


# --- finding 1: an imported line never breaks the calendar ---------------------


def test_finding_7_feeds_answer_no_store(olga, django_user_model):
    secret = api.new_feed_secret(org_api.actor_for(django_user_model.objects.get(username="olga")))
    response = Client().get(f"/api/v1/time-off/calendar.ics?cell=Falcon&key={secret}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert olga.get("/api/v1/time-off/calendar.ics")["Cache-Control"] == "no-store"


def test_finding_7_the_redaction_hides_the_key_in_paths_and_request_lines():
    from cellops.web.logs import redact

    assert (
        redact("GET /api/v1/time-off/calendar.ics?cell=Falcon&key=s3cr3t-_x HTTP/1.1")
        == "GET /api/v1/time-off/calendar.ics?cell=Falcon&key=[redacted] HTTP/1.1"
    )
    assert redact("/x?key=abc") == "/x?key=[redacted]"
    assert redact("key=abc&cell=A") == "key=[redacted]&cell=A"
    assert redact("/x?monkey=1&cell=A") == "/x?monkey=1&cell=A"
    assert redact("/x?KEY=abc%2Fd") == "/x?KEY=[redacted]"


def test_finding_7_gunicorn_access_log_atoms_hide_the_key():
    """The logger class `cellops serve` gives gunicorn redacts the request line and query."""
    from types import SimpleNamespace

    from gunicorn.config import Config

    from cellops.web.logs import RedactingGunicornLogger

    logger = RedactingGunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/api/v1/time-off/calendar.ics?key=s3cr3t",
        "PATH_INFO": "/api/v1/time-off/calendar.ics",
        "QUERY_STRING": "key=s3cr3t",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "http://x/?key=s3cr3t",
    }
    request = SimpleNamespace(headers=[], method="GET", path="/api/v1/time-off/calendar.ics")
    response = SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    atoms = logger.atoms(response, request, environ, timedelta(seconds=0.1))
    assert "s3cr3t" not in repr(atoms)
    assert atoms["r"] == "GET /api/v1/time-off/calendar.ics?key=[redacted] HTTP/1.1"
    assert atoms["q"] == "key=[redacted]"


def test_finding_7_django_request_logs_hide_the_key(olga, caplog):
    """django.request / django.server records pass the filter with the key replaced."""
    from cellops.web.logs import RedactSecrets

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (
            "GET /api/v1/time-off/calendar.ics?key=s3cr3t HTTP/1.1",
            "200",
            "10",
        ),
        None,
    )
    assert RedactSecrets().filter(record) is True
    assert "s3cr3t" not in record.getMessage()
    assert "key=[redacted]" in record.getMessage()
    caplog.set_level(logging.WARNING, logger="django.request")
    Client().get("/api/v1/time-off/calendar.ics?key=wrong-s3cr3t")
    assert caplog.records, "the 401 is logged"
    assert all("wrong-s3cr3t" not in r.getMessage() for r in caplog.records)


def test_finding_7_the_serve_command_gives_gunicorn_the_redacting_logger(monkeypatch):
    import os

    seen = {}
    monkeypatch.setattr(os, "execv", lambda path, argv: seen.setdefault("argv", argv))
    call_command("serve", stdout=StringIO())
    argv = seen["argv"]
    assert argv[argv.index("--logger-class") + 1] == "cellops.web.logs.RedactingGunicornLogger"


# --- finding 8: sick leave is shown as "off" to colleagues --------------------


def test_finding_7_django_server_and_request_loggers_carry_the_filter():
    """settings.LOGGING: runserver's request lines and django.request pass RedactSecrets."""
    from cellops.web.logs import RedactSecrets

    for name in ("django.server", "django.request"):
        logger = logging.getLogger(name)
        assert any(isinstance(f, RedactSecrets) for f in logger.filters), name
    server = logging.getLogger("django.server")
    ours = [h for h in server.handlers if type(h) is logging.StreamHandler]
    assert ours and all(any(isinstance(f, RedactSecrets) for f in h.filters) for h in ours)


def test_finding_7_a_request_served_by_cellops_serve_logs_no_key(tmp_path):
    """The real thing: `cellops serve` (gunicorn) answers a feed request; its access log line
    shows the path with `key=[redacted]`, never the secret."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "CELLOPS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cellops.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cellops = str(Path(sys.executable).with_name("cellops"))
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [cellops, "serve", "--port", str(port), "--workers", "1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
    )
    url = f"http://127.0.0.1:{port}/api/v1/time-off/calendar.ics?cell=Falcon&key=s3cr3t-feed"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=5)
            except urllib.error.HTTPError:
                break  # answered (401/500 without a database): the request was served
            except OSError:
                time.sleep(0.2)
                continue
            break
        else:
            pytest.fail("cellops serve did not answer")
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=20)
    log.seek(0)
    output = log.read()
    log.close()
    assert "/api/v1/time-off/calendar.ics?cell=Falcon&key=[redacted]" in output, output
    assert "s3cr3t-feed" not in output
