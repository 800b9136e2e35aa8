"""Helpers of the multi-process and fault tests: a database of their own, `cellops` run as
an operator runs it, `cellops serve` started and stopped, and a TCP proxy in front of
PostgreSQL that can be cut (PostgreSQL stopping, as the app sees it) and restored."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

import dj_database_url


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else None


class Database:
    """A fresh PostgreSQL database next to the suite's; dropped by `drop`."""

    def __init__(self, label: str) -> None:
        config = dj_database_url.parse(postgres_url())
        self.host, self.port = config["HOST"], int(config["PORT"] or 5432)
        self.credentials = f"{config['USER']}:{config['PASSWORD']}"
        self.name = f"{config['NAME']}_{label}_{uuid.uuid4().hex[:6]}"
        self._admin(f"CREATE DATABASE {self.name}")

    def url(self, port: int | None = None) -> str:
        return f"postgresql://{self.credentials}@{self.host}:{port or self.port}/{self.name}"

    def _admin(self, sql: str) -> None:
        import psycopg

        admin = f"postgresql://{self.credentials}@{self.host}:{self.port}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)

    def drop(self) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def cellops(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "cellops.cli", *args],
            env=os.environ | {"DATABASE_URL": self.url()},
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`cellops serve` on a free port, in a process group of its own."""

    def __init__(self, database_url: str, workers: int = 2) -> None:
        self.port = free_port()
        env = os.environ | {
            "DATABASE_URL": database_url,
            "CELLOPS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cellops.cli",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if self.get("/login/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("cellops serve did not answer in time")

    def request(self, method: str, path: str, headers: dict | None = None, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=data,
            method=method,
            headers={**(headers or {}), **({"Content-Type": "application/json"} if data else {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, dict(answer.headers), answer.read()
        except urllib.error.HTTPError as answer:
            return answer.code, dict(answer.headers), answer.read()

    def get(self, path: str, headers: dict | None = None):
        return self.request("GET", path, headers)

    def stop(self) -> None:
        import signal

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Proxy:
    """Forwards a local port to PostgreSQL; `cut` closes it and every connection through it
    (to the app, PostgreSQL has stopped), `restore` listens again on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        self._cut = False
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(64)
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self) -> None:
        self._cut = True
        with contextlib.suppress(OSError):  # shutdown wakes the thread blocked in accept()
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        with self._lock:
            for s in self._open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self._cut:
                client.close()
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.close()
