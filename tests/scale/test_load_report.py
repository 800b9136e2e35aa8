"""The load run reads `cellops serve`'s access log (bench/load.py): the lines gunicorn writes
in the format the serve command gives it, each ending with the time the answer took, tell
the kinds of request slowest as served and how many answers were server errors."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from bench import load
from gunicorn.config import Config

from cellops.site.management.commands.serve import ACCESS_LOG_FORMAT
from cellops.web.logs import RedactingGunicornLogger


def _line(method: str, uri: str, status: str, ms: int) -> str:
    """One access-log line as `cellops serve`'s gunicorn writes it."""
    logger = RedactingGunicornLogger(Config())
    path, _, query = uri.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "RAW_URI": uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    request = SimpleNamespace(headers=[], method=method, path=path)
    response = SimpleNamespace(status=status, headers=[], sent=5, response_length=5)
    return ACCESS_LOG_FORMAT % logger.atoms(response, request, environ, timedelta(milliseconds=ms))


def test_the_load_run_ranks_kinds_of_request_by_their_p95_as_served():
    lines = [_line("GET", "/sprints/Falcon/24/board/", "200 OK", 40 + n) for n in range(20)]
    lines += [
        _line("GET", f"/time-off/check/?start=2026-12-{n + 1:02}", "200 OK", 300) for n in range(5)
    ]
    lines += [_line("POST", "/api/v1/worklogs", "201 Created", 5) for _ in range(3)]
    report = load.slowest(lines, count=2)
    # the query is not part of the kind; 5 ms answers are not among the two slowest
    assert (
        report
        == "GET /time-off/check/ p95 300 ms (5); GET /sprints/Falcon/24/board/ p95 59 ms (20)"
    )


def test_the_load_run_counts_server_errors_by_status_not_by_a_time_that_starts_with_5():
    lines = [
        _line("GET", "/", "200 OK", 5),  # ends with "5ms"
        _line("GET", "/", "503 Service Unavailable", 2),
        _line("GET", "/", "500 Internal Server Error", 50),
        _line("GET", "/missing/", "404 Not Found", 500),
    ]
    assert load.server_errors(lines) == 2
