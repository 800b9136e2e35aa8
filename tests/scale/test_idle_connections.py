"""A connection that is open but silent does not hold up the next visitor (decision 0069).

A browser opens connections before it knows what to ask; a client that was answered and
connects again may wait before it asks. A sync gunicorn worker takes such a connection and
waits on it (up to 30 s, gunicorn's timeout) while every other request queues: under the
load run's people, who pause between requests, that was most of its p95. `cellops serve`
runs threaded workers: a silent connection holds one thread for 5 s at most, then
waits in the worker's poller, and kept-alive connections wait there between requests.

Here one worker, with the threads `cellops serve` gives it by default, faces silent
connections, and still answers a request at once. The database is an SQLite file never
migrated: the login page reads nothing from it.
"""

from __future__ import annotations

import socket
import time

from tests.scale.servers import Server

#: Fewer than the threads of a worker (`cellops serve --threads`, 4 by default).
SILENT = 3
#: A sync worker would wait on the silent connections before it, 30 s each.
PROMPT_SECONDS = 3


def test_silent_connections_do_not_keep_a_request_waiting(tmp_path):
    server = Server(f"sqlite:///{tmp_path / 'silent.sqlite3'}", workers=1)
    silent = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(SILENT)]
    try:
        time.sleep(0.5)  # the worker has taken them in
        asked = time.monotonic()
        status, _, body = server.get("/login/")
        waited = time.monotonic() - asked
    finally:
        for connection in silent:
            connection.close()
        server.stop()
    assert status == 200 and b"Log in to cellops" in body
    assert waited < PROMPT_SECONDS, f"the login page waited {waited:.1f} s behind silence"
