"""The benchmark's production half: gunicorn with production settings under wrk.

``make benchmark`` calls :func:`run` after its in-process timings. It serves the benchmark's
SQLite database with gunicorn (2 workers, DEBUG off, static files collected as in production)
twice: with the database cache (production's default on one server), then with the cache in
a throwaway redis-server when one is installed. Each time:

* requests/s of the start page, the meeting archive and a WhiteNoise static file of exactly
  the start page's size, each for a few seconds at 20 connections; the pages' ratio to the
  static file is the target (≥ 1.0);
* a bounded load test: 2,000 requests over the public pages at concurrency 20, all of which
  must answer 200.

Loopback only. wrk (apt-get install wrk) is the load generator.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

WRK_SECONDS = 5
CONNECTIONS = 20
LOAD_REQUESTS = 2000
TARGET_RATIO = 1.0

# wrk script for one thread: cycles over the paths, stops after the given number of answers
# and prints the totals wrk itself does not (non-200 answers count as errors). One thread,
# because a stopped thread leaves connections open on which gunicorn's sync workers wait for
# a request, stalling the others; and wrk's main thread sleeps out the whole duration even
# when the thread has stopped, so the thread leaves a file and the caller interrupts wrk.
LUA = """
local paths = {%(paths)s}
local limit = %(limit)d
local done_file = "%(done_file)s"
counter, sent, bad = 0, 0, 0  -- globals: done() reads them with thread:get()
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent %% #paths) + 1], {["X-Forwarded-Proto"] = "https"})
end
function response(status, headers, body)
  if counter >= limit then return end  -- answers in flight when the thread stops
  counter = counter + 1
  if status ~= 200 then bad = bad + 1 end
  if counter == limit then
    io.open(done_file, "w"):close()
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local answered, wrong = 0, 0
  for _, thread in ipairs(threads) do
    answered = answered + thread:get("counter")
    wrong = wrong + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    "LOAD answered=%%d non200=%%d connect=%%d read=%%d write=%%d timeout=%%d p99ms=%%.1f\\n",
    answered, wrong, e.connect, e.read, e.write, e.timeout, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "REDIS_URL"}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "s" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{settings.DATABASES['default']['NAME']}",
        **extra,
    )
    return env


@contextmanager
def _redis(workdir: Path):
    """REDIS_URL of a throwaway redis-server, or None when redis-server is not installed."""
    if shutil.which("redis-server") is None:
        yield None
        return
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def _gunicorn(env: dict[str, str]):
    """gunicorn on a socket opened here first: requests wait in its backlog until it is up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.set_inheritable(True)
    fd = listener.fileno()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "klossnet.wsgi", "--no-control-socket",
         "--bind", f"fd://{fd}", "--workers", "2", "--log-level", "warning"],
        env=env, cwd=settings.BASE_DIR, pass_fds=(fd,),
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        # Graceful: wrk has exited and closed its connections by now.
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        listener.close()


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def _wrk(url: str) -> float:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{WRK_SECONDS}s", "-H", "X-Forwarded-Proto: https",
         url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    if "Non-2xx" in result.stdout or "Socket errors" in result.stdout:
        raise RuntimeError(f"wrk saw errors on {url}:\n{result.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def _load_test(base: str, paths: list[str], workdir: Path) -> dict[str, float]:
    script, done_file = workdir / "load.lua", workdir / "load-done"
    done_file.unlink(missing_ok=True)  # left by the previous set-up's load test
    script.write_text(
        LUA
        % {
            "paths": ", ".join(f'"{p}"' for p in paths),
            "limit": LOAD_REQUESTS,
            "done_file": done_file,
        }
    )
    wrk = subprocess.Popen(
        ["wrk", "-t1", f"-c{CONNECTIONS}", "-d120s", "--timeout", "10s",
         "-s", str(script), base + paths[0]],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while wrk.poll() is None and time.monotonic() < deadline:
        if done_file.exists():
            wrk.send_signal(signal.SIGINT)  # wrk then reports as if its time were up
            break
        time.sleep(0.05)
    stdout, _ = wrk.communicate(timeout=30)
    line = re.search(r"^LOAD (.*)$", stdout, re.M).group(1)
    return {key: float(value) for key, value in (pair.split("=") for pair in line.split())}


def _measure(env, paths, start_path, archive_path, twin_path, workdir) -> dict:
    with _gunicorn(env) as base:
        for path in {start_path, archive_path, *paths}:
            _get(base + path)  # render once: both workers then share the cached page
        return {
            "static": _wrk(base + f"/static/{twin_path}"),
            "start": _wrk(base + start_path),
            "archive": _wrk(base + archive_path),
            "load": _load_test(base, paths, workdir),
        }


def run(write, paths: list[str], start_path: str, archive_path: str) -> None:
    """Serve with gunicorn, load with wrk, and ``write`` the report lines: once with the
    database cache (the default on one server), once with Redis when it is installed."""
    if shutil.which("wrk") is None:
        write("!!! wrk not found (apt-get install wrk): gunicorn/wrk measurements SKIPPED")
        return
    with tempfile.TemporaryDirectory(prefix="klossnet-bench-") as tmp:
        workdir = Path(tmp)
        static_root = workdir / "static"
        env = _environment(
            DJANGO_STATIC_ROOT=str(static_root), DJANGO_PAGE_CACHE_VERSION_DIR=str(workdir)
        )
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
        # With production settings: creates the database cache's table too.
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        # The start page's size, as production renders it, for the static twin.
        with _gunicorn(env) as base:
            size = len(_get(base + start_path))
        twin_path = "benchmark/start-page-twin.html"
        twin = static_root / twin_path
        twin.parent.mkdir()
        twin.write_bytes(b"<!doctype html>" + b"x" * (size - len(b"<!doctype html>")))

        results = {
            "database cache": _measure(env, paths, start_path, archive_path, twin_path, workdir)
        }
        with _redis(workdir) as redis_url:
            if redis_url:
                env["REDIS_URL"] = redis_url
                results["Redis"] = _measure(
                    env, paths, start_path, archive_path, twin_path, workdir
                )
    if "Redis" not in results:
        write("!!! redis-server not found: the set-up with Redis SKIPPED")

    failures = []
    for cache, result in results.items():
        write("")
        write(f"gunicorn, 2 workers, production settings, {cache}; wrk {WRK_SECONDS}s × "
              f"{CONNECTIONS} connections, loopback")  # fmt: skip
        write(f"{'target':45} {'req/s':>9} {'ratio':>6}")
        static_rps = result["static"]
        write(
            f"{'static file, ' + str(size) + ' bytes (WhiteNoise)':45} {static_rps:9.0f} {1:6.2f}"
        )
        for name, rps in (("start page " + start_path, result["start"]),
                          ("meeting archive " + archive_path, result["archive"])):  # fmt: skip
            ratio = rps / static_rps
            verdict = "ok" if ratio >= TARGET_RATIO else f"BELOW {TARGET_RATIO}"
            write(f"{name:45} {rps:9.0f} {ratio:6.2f} {verdict}")
        load = result["load"]
        errors = sum(load[key] for key in ("non200", "connect", "read", "write", "timeout"))
        write(
            f"load test: {int(load['answered'])} requests over {len(paths)} public pages at "
            f"concurrency {CONNECTIONS}: {int(errors)} errors, p99 {load['p99ms']:.1f} ms"
        )
        if load["answered"] < LOAD_REQUESTS or errors:
            failures.append(f"{cache}: {load}")
    if failures:
        raise RuntimeError(f"load test failed: {failures}")
