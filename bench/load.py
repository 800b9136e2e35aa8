"""The load run (issue #13, decision 0037): `cellops serve` with several workers on the large
organisation, driven on loopback by wrk (Debian's `wrk`, with a Lua script) at 50
concurrent clients for 60 s, a realistic mix of what people and scripts ask.

Each client waits 1–3 s between its requests (`THINK_MS`, decision 0067) in the judged
run; a second run, back to back, is reported too. The mix, per round of 20 requests: the
cell dashboard (API, 3), the board (2), the planning page (1), the home page (3), the
booking check (3), a vote (1), a worklog written (2, by the cell's sprint planning manager
for the cell's members, spread over days), API reads (a ticket 1, its worklogs 1, `me` 2,
the budgets 1). Pages with the person's session cookie, the API with their token. Reports
throughput, p50/p95/p99 and errors (sockets, timeouts, answers ≥ 400). Bars: 0 errors,
p95 ≤ 300 ms.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

CLIENTS = int(os.environ.get("CELLOPS_BENCH_CLIENTS", 50))
#: Think time between one client's requests, in ms, drawn uniformly (decision 0067): a
#: person reads a page before the next; 1–3 s, as locust's users wait by default. The
#: bar is judged with it; the same run back to back (no think time) is reported too, as
#: what the workers give when saturated. "0-0" runs back to back only.
THINK_MS = tuple(int(n) for n in os.environ.get("CELLOPS_BENCH_THINK_MS", "1000-3000").split("-"))
SECONDS = int(os.environ.get("CELLOPS_BENCH_SECONDS", 60))
WORKERS = int(os.environ.get("CELLOPS_BENCH_WORKERS", 4))
P95_BAR_MS = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string literal here (ASCII)


#: With think time, each client's first request: the sign-in page (a few ms, no data), so
#: the 50 people do not all open a heavy page in the same millisecond at the start and
#: their think times spread them out from there (wrk waits only after an answer).
ARRIVAL = "/login/"


def script(
    requests: list[tuple[str, str, dict[str, str], str | None]],
    think_ms: tuple[int, int] = (0, 0),
    clients_per_thread: int = 0,
) -> str:
    """A wrk script cycling through `requests` (method, path, headers, body), each client
    waiting a random `think_ms` (low, high) before each of its requests; with think time,
    the first `clients_per_thread` requests of a wrk thread (one per client) are `ARRIVAL`."""
    low, high = think_ms
    arrivals = clients_per_thread if high > 0 else 0
    lines = ["local reqs = {}", f"local arrival = wrk.format('GET', {_lua_string(ARRIVAL)})"]
    for method, path, headers, body in requests:
        fields = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
        lines.append(
            f"reqs[#reqs + 1] = wrk.format({_lua_string(method)}, {_lua_string(path)}, "
            f"{{{fields}}}, {_lua_string(body) if body else 'nil'})"
        )
    lines.append(
        """
local n = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function(args)
  math.randomseed(os.time() * 100 + (id or 0))
  n = math.random(#reqs)
end
"""
        + (f"delay = function() return math.random({low}, {high}) end\n" if high > 0 else "")
        + f"local arrivals = {arrivals}\n"
        + """request = function()
  if arrivals > 0 then
    arrivals = arrivals - 1
    return arrival
  end
  n = n % #reqs + 1
  return reqs[n]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
"""
    )
    return "\n".join(lines)


def mix(cell: str, number: int, today: date, people: dict) -> list:
    """The realistic mix (see the module's docstring) for `cell`'s current sprint."""
    page = {"Cookie": f"sessionid={people['member_session']}"}
    manager_page = {"Cookie": f"sessionid={people['manager_session']}"}
    manager_api = {"Authorization": f"Bearer {people['manager_token']}"}
    member_api = {"Authorization": f"Bearer {people['member_token']}"}
    admin_api = {"Authorization": f"Bearer {people['admin_token']}"}
    post = {"Content-Type": "application/json"}
    check = f"/time-off/check/?kind=off&start={today + timedelta(days=30)}&end={today + timedelta(days=31)}"
    rounds = []
    for n, (ticket, member) in enumerate(people["worklog_targets"]):
        vote = people["vote_tickets"][n % len(people["vote_tickets"])]
        day = today - timedelta(days=n % 60)
        worklog = json.dumps(
            {"ticket": ticket, "member": member, "date": f"{day}", "hours": "0.25", "note": "load"}
        )
        rounds += [
            ("GET", f"/api/v1/sprints/{cell}/{number}/capacity", manager_api, None),
            ("GET", f"/sprints/{cell}/{number}/board/", manager_page, None),
            ("GET", "/", page, None),
            ("GET", check, page, None),
            ("GET", f"/api/v1/tickets/{ticket}", member_api, None),
            ("POST", "/api/v1/worklogs", {**manager_api, **post}, worklog),
            ("GET", "/api/v1/me", member_api, None),
            ("GET", f"/api/v1/sprints/{cell}/{number}/capacity", manager_api, None),
            ("GET", "/", page, None),
            ("GET", check, page, None),
            ("GET", f"/sprints/{cell}/{number}/planning/", manager_page, None),
            (
                "POST",
                f"/api/v1/sprints/{cell}/{number + 1}/estimation/votes",
                {**member_api, **post},
                json.dumps({"ticket": vote, "value": "5"}),
            ),
            ("GET", f"/sprints/{cell}/{number}/board/", manager_page, None),
            ("GET", f"/api/v1/sprints/{cell}/{number}/capacity", manager_api, None),
            ("GET", "/", page, None),
            ("GET", check, page, None),
            ("GET", f"/api/v1/worklogs?ticket={ticket}", member_api, None),
            ("POST", "/api/v1/worklogs", {**manager_api, **post}, worklog.replace("0.25", "0.5")),
            ("GET", "/api/v1/me", manager_api, None),
            ("GET", f"/api/v1/budgets?month={today:%Y-%m}", admin_api, None),
        ]
    return rounds


def _wait_until_serving(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"cellops serve stopped (exit {server.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("cellops serve did not start listening in time")


def warm_up(port: int, workers: int, requests: list, seconds: float = 180) -> None:
    """Each gunicorn worker loads Django on its first request (seconds here): keep asking
    `workers` at a time until a whole round answers quickly; then ask each page and read of
    the mix (`requests`, its GETs) a few times per worker, so each process has compiled its
    templates and each thread opened its connection, as on a server that has been up a
    while. The run then times serving, not starting."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def fetch(request: tuple[str, dict[str, str]]) -> float:
        path, headers = request
        started = time.perf_counter()
        try:
            asked = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
            urllib.request.urlopen(asked, timeout=60).read()
        except OSError:
            return 60.0
        return time.perf_counter() - started

    start = [("/login/", {}), ("/api/v1/openapi.json", {})]
    reads = list(
        {(path, tuple(h.items())): (path, h) for m, path, h, _ in requests if m == "GET"}.values()
    )
    deadline = time.monotonic() + seconds
    with ThreadPoolExecutor(workers * 2) as pool:
        while time.monotonic() < deadline:
            if max(pool.map(fetch, (start * workers * 2)[: workers * 2])) < 1.5:
                break
        list(pool.map(fetch, reads * workers * 2))


def serve(database_url: str, port: int, workers: int, log: Path) -> subprocess.Popen:
    """`cellops serve` in a process group of its own (stopped with `stop`)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELLOPS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CELLOPS_WORKERS": str(workers),
    }
    handle = log.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "cellops.cli", "serve", "--port", str(port)],
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    _wait_until_serving(port, server)
    return server


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


THREADS = min(4, os.cpu_count() or 2)


def _wrk(wrk: str, port: int, lua: Path) -> dict | str:
    """One wrk run of `lua` against the server: its RESULT figures, or what it printed."""
    threads = THREADS
    out = subprocess.run(
        [
            wrk,
            f"-t{threads}",
            f"-c{CLIENTS}",
            f"-d{SECONDS}s",
            "--timeout",
            "10s",
            "-s",
            str(lua),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
    ).stdout
    found = [line for line in out.splitlines() if line.startswith("RESULT ")]
    return json.loads(found[0][len("RESULT ") :]) if found else out


def _judged(r: dict, server_errors: int, think_ms: tuple[int, int]) -> tuple[bool, str]:
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    rate = r["requests"] / (r["duration_us"] / 1e6)
    p95 = r["p95_us"] / 1000
    ok = errors == 0 and p95 <= P95_BAR_MS
    how = (
        f"each waiting {think_ms[0] / 1000:g}–{think_ms[1] / 1000:g} s between requests"
        if think_ms[1]
        else "back to back (no think time)"
    )
    line = (
        f"load run: {CLIENTS} clients {how} for {SECONDS} s on {WORKERS} workers: "
        f"{r['requests']:,} requests, {rate:.0f} req/s; p50 {r['p50_us'] / 1000:.0f} ms, "
        f"p95 {p95:.0f} ms (bar {P95_BAR_MS}), p99 {r['p99_us'] / 1000:.0f} ms; errors "
        f"{errors} (bar 0: {r['status']} answers ≥ 400 of which {server_errors} 5xx in the "
        f"access log, {r['timeout']} timeouts, {r['connect'] + r['read'] + r['write']} socket)"
    )
    return ok, line


_ACCESS = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>[^ ?]+)\S* HTTP/[\d.]+" (?P<status>\d{3}) .* (?P<ms>\d+)ms$'
)


def server_errors(log_lines: list[str]) -> int:
    """How many answers in `cellops serve`'s access log were server errors (5xx)."""
    return sum(1 for line in log_lines if (m := _ACCESS.search(line)) and m["status"] >= "500")


def slowest(log_lines: list[str], count: int = 3) -> str:
    """The `count` kinds of request slowest at the 95th percentile, as the server timed them
    (`cellops serve`'s access log ends each line with the time the answer took)."""
    times: dict[str, list[int]] = {}
    for line in log_lines:
        found = _ACCESS.search(line)
        if found:
            times.setdefault(f"{found['method']} {found['path']}", []).append(int(found["ms"]))
    ranked = sorted(
        (
            (statistics.quantiles(ms, n=20)[-1] if len(ms) > 1 else ms[0], what, len(ms))
            for what, ms in times.items()
        ),
        reverse=True,
    )
    return "; ".join(f"{what} p95 {p95:.0f} ms ({n})" for p95, what, n in ranked[:count])


def run(database_url: str, requests: list) -> tuple[bool, str]:
    """Serve; drive with wrk as people (think time `THINK_MS`, judged against the bars), then
    back to back (reported: what the workers give saturated); stop. The lines to print and
    whether the judged run meets the bars."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return False, "load run: wrk is not installed (apt-get install wrk) — MISSED"
    port = _free_port()
    runs = [THINK_MS, (0, 0)] if THINK_MS[1] else [(0, 0)]
    lines, verdict = [], None
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "serve.log"
        server = serve(database_url, port, WORKERS, log)
        try:
            warm_up(port, WORKERS, requests)
            for think_ms in runs:
                lua = Path(tmp) / f"mix-{think_ms[1]}.lua"
                lua.write_text(script(requests, think_ms, CLIENTS // THREADS))
                seen = len(log.read_text().splitlines())
                r = _wrk(wrk, port, lua)
                if isinstance(r, str):
                    return False, f"load run: wrk reported nothing:\n{r}"
                served = log.read_text().splitlines()[seen:]
                errors_5xx = server_errors(served)
                ok, line = _judged(r, errors_5xx, think_ms)
                if verdict is None:  # the first run is the one judged
                    verdict = ok
                    lines.append(f"{line} — {'OK' if ok else 'MISSED'}")
                else:
                    lines.append(f"{line} — reported, not judged")
                lines.append(f"  slowest as served: {slowest(served)}")
        finally:
            stop(server)
    return bool(verdict), "\n".join(lines)
