"""deploy/: the files people run the portal with parse, and the tools that read them accept them.

Containers do not run here, so the image and compose file are checked for what matters
(non-root, gunicorn without control socket, services wired together); nginx and systemd
check their own files.
"""

import importlib.util
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from core.middleware import permissions_policy
from tests.conftest import skip_or_fail

# Files and the tools that read them; no database (README: Tests and CI).
pytestmark = pytest.mark.backend_independent

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def test_compose_file_runs_portal_behind_nginx_with_postgres_and_redis():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "redis", "migrate", "portal", "worker", "nginx"} <= set(services)
    portal = services["portal"]
    assert portal["build"] == {"context": "..", "dockerfile": "deploy/Containerfile"}
    environment = portal["environment"]
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["DJANGO_PRIVATE_MEDIA_SERVER"] == "x-accel-redirect"
    assert portal["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "migrate" in " ".join(services["migrate"]["command"])
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]
    assert "private-media:/data/private-media:ro" in services["nginx"]["volumes"]


def test_redis_is_a_cache_with_bounded_memory():
    # Without a limit, every page variant anyone asks for stays in memory for good.
    command = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["redis"]["command"]
    options = dict(zip(command[1::2], command[2::2], strict=False))
    assert options["--maxmemory"] == "256mb"
    assert options["--maxmemory-policy"] == "allkeys-lru"
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert "maxmemory 256mb\nmaxmemory-policy allkeys-lru\n" in readme  # for systemd users


def test_container_image_is_multi_stage_and_runs_gunicorn_as_a_user():
    containerfile = (DEPLOY / "Containerfile").read_text()
    assert len(re.findall(r"^FROM ", containerfile, re.M)) == 2
    user = re.findall(r"^USER (\S+)", containerfile, re.M)
    assert user and user[-1] not in {"root", "0"}
    assert "collectstatic" in containerfile and "compilemessages" in containerfile
    command = containerfile[containerfile.rindex("\nCMD ") :]
    assert "gunicorn" in command and "--no-control-socket" in command


def test_nginx_accepts_its_configuration(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        skip_or_fail(
            "nginx not found: deploy/nginx.conf cannot be checked.", "apt-get install nginx-light"
        )
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=localhost", "-keyout", certs / "privkey.pem", "-out", certs / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    conf = (DEPLOY / "nginx.conf").read_text()
    # The compose service name does not resolve here; everything else is checked as is.
    conf = conf.replace("server portal:8000;", "server 127.0.0.1:8000;")
    conf = conf.replace("/etc/nginx/certs/", f"{certs}/")
    conf = "pid " + str(tmp_path / "nginx.pid") + ";\nerror_log stderr;\n" + conf
    (tmp_path / "nginx.conf").write_text(conf)
    result = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert f"location {settings.PRIVATE_MEDIA_INTERNAL_URL}" in conf


def test_every_service_gives_fontconfig_a_writable_cache():
    """WeasyPrint's fonts go through fontconfig, which wants a cache directory; under
    ProtectSystem=strict and ProtectHome none is writable unless the unit makes one, and every
    process logged "Fontconfig error: No writable cache directories"."""
    services = sorted((DEPLOY / "systemd").glob("*.service"))
    assert len(services) == 5
    for service in services:
        lines = service.read_text().splitlines()
        assert "CacheDirectory=klossnet" in lines, service.name
        assert "Environment=XDG_CACHE_HOME=/var/cache/klossnet" in lines, service.name


def test_systemd_accepts_the_units():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        skip_or_fail("systemd-analyze is not installed.", "apt-get install systemd.")
    units = sorted(str(path) for path in (DEPLOY / "systemd").iterdir())
    # The portal's socket and service, the background worker, three jobs with their timers.
    assert len(units) == 9
    result = subprocess.run([analyze, "verify", *units], capture_output=True, text=True)
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        # The virtualenv exists only on the server.
        if line.strip() and not re.search(r"/srv/klossnet/\.venv/bin/\w+ is not executable", line)
    ]
    assert problems == []
    service = (DEPLOY / "systemd" / "klossnet.service").read_text()
    assert "--no-control-socket" in service and "User=klossnet" in service


def test_a_background_worker_runs_wherever_the_portal_runs():
    """Every e-mail leaves through a task: without a worker none would go."""
    worker = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["worker"]
    portal = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["portal"]
    assert worker["command"] == ["python", "manage.py", "task_worker"]
    assert worker["environment"] == portal["environment"]  # the same database and Redis
    assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    # Queued tasks live in a Redis that never evicts them, unlike the cache's.
    assert worker["environment"]["DJANGO_TASKS_REDIS_URL"] == "redis://queue:6379/0"
    queue = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["queue"]
    assert "noeviction" in queue["command"] and "--appendonly" in queue["command"]
    unit = (DEPLOY / "systemd" / "klossnet-worker.service").read_text().splitlines()
    assert "ExecStart=/srv/klossnet/.venv/bin/python manage.py task_worker" in unit
    assert "User=klossnet" in unit and "EnvironmentFile=/etc/klossnet/env" in unit
    assert "Restart=always" in unit
    makefile = (DEPLOY.parent / "Makefile").read_text()
    run = makefile[makefile.index("\nrun:") : makefile.index("\n\n", makefile.index("\nrun:"))]
    assert "manage.py task_worker" in run and "manage.py runserver" in run


def test_the_meetings_messages_that_are_due_are_queued_wherever_the_portal_runs():
    """django-tasks has no clock: a round finds the messages whose moment has come."""
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    due = services["communications"]
    assert due["command"] == ["python", "manage.py", "communications_send_due", "--every", "300"]
    assert due["environment"] == services["portal"]["environment"]
    assert due["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    unit = (DEPLOY / "systemd" / "klossnet-communications.service").read_text().splitlines()
    assert "ExecStart=/srv/klossnet/.venv/bin/python manage.py communications_send_due" in unit
    assert "User=klossnet" in unit and "Type=oneshot" in unit
    timer = (DEPLOY / "systemd" / "klossnet-communications.timer").read_text()
    assert "OnUnitActiveSec=5min" in timer
    makefile = (DEPLOY.parent / "Makefile").read_text()
    run = makefile[makefile.index("\nrun:") : makefile.index("\n\n", makefile.index("\nrun:"))]
    assert "manage.py communications_send_due --every 60" in run


def test_the_daily_jobs_keep_the_privacy_promises():
    daily = (DEPLOY / "systemd" / "klossnet-daily.service").read_text()
    assert "manage.py registration_erase_notes" in daily and "manage.py clearsessions" in daily
    assert "OnCalendar=" in (DEPLOY / "systemd" / "klossnet-daily.timer").read_text()
    backup = (DEPLOY / "systemd" / "klossnet-backup.service").read_text()
    assert "manage.py backup" in backup and "User=klossnet" in backup
    # The command itself expires old archives (BACKUP_RETENTION_DAYS); nothing the job
    # writes is readable by other local users.
    assert "manage.py backup /var/backups/klossnet/" in backup
    assert "UMask=0077" in backup


def test_the_image_never_receives_local_data_or_secrets():
    # `COPY . .` in the Containerfile sends the whole checkout; these must stay behind.
    ignored = (DEPLOY.parent / ".dockerignore").read_text().split()
    for pattern in ("*.sqlite3", ".venv/", ".git/", "media/", "private-media/",
                    "deploy/portal.env", "deploy/certs/"):  # fmt: skip
        assert pattern in ignored


def test_the_deploy_kit_trusts_exactly_the_nginx_in_front_for_client_addresses():
    """nginx appends the client's address to X-Forwarded-For; the portal counts log-in
    attempts by it only because the kit says one trusted proxy stands in front."""
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert compose["services"]["portal"]["environment"]["DJANGO_TRUSTED_PROXY_COUNT"] == "1"
    assert "DJANGO_TRUSTED_PROXY_COUNT=1" in (DEPLOY / "portal.env.example").read_text().split()
    service = (DEPLOY / "systemd" / "klossnet.service").read_text()
    assert "Environment=DJANGO_TRUSTED_PROXY_COUNT=1" in service.splitlines()
    conf = (DEPLOY / "nginx.conf").read_text()
    proxied = conf[conf.index("listen 443") :]
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in proxied


def test_nginx_sends_the_portals_permissions_policy_with_the_files_it_serves():
    conf = (DEPLOY / "nginx.conf").read_text()
    policy = f'add_header Permissions-Policy "{permissions_policy()}";'
    for location in ("location /media/", "location /protected/"):
        block = conf.split(location, 1)[1].split("}", 1)[0]
        assert policy in block, location


# Installs that repeat exactly: the lock files (`make lock`), their check and the audit.
ROOT = Path(settings.BASE_DIR)


def lock_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, ROOT / ".ci" / "lockfile.py", "check", root],
        capture_output=True,
        text=True,
    )


def test_the_lock_files_are_made_from_this_pyproject():
    result = lock_check(ROOT)
    assert result.returncode == 0, result.stderr


def checkout_copy(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", "requirements.txt", "requirements-test.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_a_dependency_added_without_relocking_fails_the_lock_check(tmp_path):
    root = checkout_copy(tmp_path)
    assert lock_check(root).returncode == 0
    pyproject = (root / "pyproject.toml").read_text()
    (root / "pyproject.toml").write_text(
        pyproject.replace("dependencies = [\n", 'dependencies = [\n  "six>=1.16",\n', 1)
    )
    result = lock_check(root)
    assert result.returncode == 1
    assert "requirements.txt is out of date with pyproject.toml" in result.stderr
    assert "requirements-test.txt is out of date" in result.stderr
    assert "make lock" in result.stderr
    # A test dependency only puts the test lock out of date.
    (root / "pyproject.toml").write_text(pyproject.replace("test = [\n", 'test = [\n  "six",\n'))
    result = lock_check(root)
    assert result.returncode == 1
    assert "requirements-test.txt is out of date" in result.stderr
    assert "requirements.txt is out" not in result.stderr
    # Reordering the lists changes nothing the resolver reads.
    lines = pyproject.splitlines(keepends=True)
    start = lines.index("dependencies = [\n") + 1
    lines[start], lines[start + 1] = lines[start + 1], lines[start]
    (root / "pyproject.toml").write_text("".join(lines))
    assert lock_check(root).returncode == 0


def test_the_lock_check_holds_the_test_lock_to_the_portals_pins_with_hashes(tmp_path):
    root = checkout_copy(tmp_path)
    lock = (root / "requirements-test.txt").read_text()
    pin = re.search(r"^django==(\S+) \\\n", lock, re.M)
    (root / "requirements-test.txt").write_text(lock.replace(pin[0], "django==5.2.0 \\\n"))
    result = lock_check(root)
    assert result.returncode == 1
    assert f"requirements-test.txt pins django ['5.2.0'], requirements.txt ['{pin[1]}']" in (
        result.stderr
    )
    unhashed = re.sub(r"(?m)^(whitenoise==\S+) \\\n(    --hash=\S+( \\)?\n)+", r"\1\n", lock)
    (root / "requirements-test.txt").write_text(unhashed)
    assert "requirements-test.txt: whitenoise==" in lock_check(root).stderr


def test_installs_and_the_image_take_the_locked_set_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^\$\(VENV\)/\.installed: requirements\.txt", makefile, re.M)
    assert re.search(r"^\$\(VENV\)/\.installed-test: .*requirements-test\.txt", makefile, re.M)
    assert "--require-hashes -r requirements.txt" in makefile
    assert "--require-hashes -r requirements-test.txt" in makefile
    assert "--no-deps -e ." in makefile
    assert '-e ".[test]"' not in makefile  # which would resolve afresh, unpinned
    containerfile = (DEPLOY / "Containerfile").read_text()
    assert "COPY requirements.txt requirements-test.txt ./" in containerfile  # uv's pin
    assert "--require-hashes --no-deps -r requirements.txt" in containerfile
    assert "pip install --no-cache-dir .\n" not in containerfile
    ci = (ROOT / ".ci" / "run").read_text()
    # The audit runs beside the tests (it waits on the network); its finding fails the run.
    audit = ci.index('\nmake audit >"$audit_log" 2>&1 &\n')
    assert ci.index("\nmake lock-check\n") < audit < ci.index(" make test\n")
    assert '[ "$audit_status" = 0 ] || {' in ci[audit:] and "exit 1; }" in ci[audit:]
    assert "make lock" in (ROOT / "README.md").read_text()


def fake_install(tmp_path: Path, *make_args: str, uv_wheel: bool = True) -> list[str]:
    """`make install-test` into a .venv whose python and uv only write down what they are
    asked to do; pip "installs" uv (a uv that logs too) unless uv_wheel is False."""
    venv, log = tmp_path / "venv", tmp_path / "log"
    (venv / "bin").mkdir(parents=True)
    fake_uv = '#!/bin/sh\necho "uv $*" >>"$LOG"\n'
    (venv / "bin" / "python").write_text(
        "#!/bin/sh\n"
        'echo "python $*" >>"$LOG"\n'
        'case "$*" in *uv-requirements.txt*)\n'
        '  [ -n "$NO_UV_WHEEL" ] && exit 1\n'
        f"  printf '%s' '{fake_uv}' >\"$(dirname \"$0\")/uv\"; "
        'chmod +x "$(dirname "$0")/uv";;\n'
        "esac\n"
    )
    (venv / "bin" / "python").chmod(0o755)
    env = {**os.environ, "LOG": str(log), "NO_UV_WHEEL": "" if uv_wheel else "1"}
    env.pop("UV", None)  # set by `uv run`; the Makefile reads it
    result = subprocess.run(
        ["make", "-C", ROOT, "install-test", f"VENV={venv}", *make_args],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return log.read_text().splitlines()


def test_installs_use_the_locked_uv_and_pip_where_uv_cannot_be_had(tmp_path):
    """uv installs the lock files (pip took a minute on CI, and downloads everything at each
    install, the index sending no cache headers). uv itself is requirements-test.txt's pin,
    which pip installs checked against every hash the lock has for it; without its wheel,
    pip installs the same lock files, as with `UV=`."""
    pip = "python -m pip install -q --disable-pip-version-check"
    log = fake_install(tmp_path / "uv")
    venv = tmp_path / "uv" / "venv"
    py = f"{venv}/bin/python"
    assert log == [
        f"{pip} --require-hashes --no-deps --only-binary :all: -r {venv}/uv-requirements.txt",
        f"uv pip install --quiet --python {py} --require-hashes -r requirements.txt",
        f"uv pip install --quiet --python {py} --no-deps -e .",
        f"uv pip install --quiet --python {py} --require-hashes -r requirements-test.txt",
    ]
    lock = (ROOT / "requirements-test.txt").read_text()
    pinned = re.search(r"^uv==\S+ \\\n(?:    --hash=sha256:\w+(?: \\)?\n)+", lock, re.M)
    assert pinned and pinned.group().count("--hash=") > 1
    assert (venv / "uv-requirements.txt").read_text() == pinned.group()

    pip_alone = [
        f"{pip} --require-hashes -r requirements.txt",
        f"{pip} --no-deps -e .",
        f"{pip} --require-hashes -r requirements-test.txt",
    ]
    without_wheel = fake_install(tmp_path / "no-wheel", uv_wheel=False)
    assert without_wheel[0].endswith(f"-r {tmp_path}/no-wheel/venv/uv-requirements.txt")
    assert without_wheel[1:] == pip_alone
    assert fake_install(tmp_path / "pip", "UV=") == pip_alone


def test_the_image_installs_with_the_locked_uv_and_keeps_bytecode_that_holds():
    """The image's uv is the test lock's pin, installed by pip against its hashes and left in
    the build stage. Its bytecode is checked by hash: COPY --from rounds the files' times to
    the second, and the bytecode pip had written (checked by time) was stale for some 660
    modules in the image, which every process then compiled again (found by timing
    .ci/container-check, which now fails on any module the portal compiles at start)."""
    containerfile = (DEPLOY / "Containerfile").read_text()
    build, runtime = containerfile.rsplit("\nFROM ", 1)
    uv_pin = re.search(r"^UV_PIN = (.+)$", (ROOT / "Makefile").read_text(), re.M)[1]
    assert uv_pin.replace("\\#", "#") + " >/tmp/uv-requirements.txt" in build  # as make does
    assert "--require-hashes \\\n    --no-deps --only-binary :all: --target /opt/uv" in build
    assert "/opt/uv/bin/uv pip install --python /venv/bin/python" in build
    commands = [line for line in containerfile.splitlines() if not line.startswith("#")]
    assert "/opt/uv" not in runtime and "--compile-bytecode" not in "\n".join(commands)
    compiled = build.index("-m compileall -q -f -j 0 --invalidation-mode checked-hash /venv /app")
    # Before the build's own Django processes, which would otherwise leave bytecode checked
    # by time (compileall keeps what it finds up to date).
    unwritten = build.index("export PYTHONDONTWRITEBYTECODE=1")
    assert compiled < unwritten < build.index("compilemessages") < build.index("collectstatic")
    script = (ROOT / ".ci" / "container-check").read_text()
    assert 'python -v -c "import klossnet.wsgi" 2>/tmp/imports' in script
    assert 'grep -E "^# (bytecode is stale for|code object from .*\\.py.$)" /tmp/imports' in script
    # The host's uv cache reaches the build through an overlay: read, never written.
    assert '--volume "$uv_cache:/root/.cache/uv:O"' in script


def audit(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, ROOT / ".ci" / "audit.py", *args], capture_output=True, text=True
    )


def test_an_accepted_vulnerability_needs_a_reason(tmp_path):
    (tmp_path / "ignore").write_text("# comment\n\nPYSEC-2026-1325\n")
    (tmp_path / "requirements.txt").write_text("")
    result = audit("--ignore-file", tmp_path / "ignore", tmp_path / "requirements.txt")
    assert result.returncode == 1
    assert "ignore:3: PYSEC-2026-1325 has no reason recorded" in result.stderr


@pytest.mark.slow
def test_the_audit_fails_on_a_known_vulnerability_unless_it_is_recorded(tmp_path):
    # ecdsa's Minerva timing attack has no fix (its maintainers hold side channels out of
    # scope), so its latest release stays vulnerable; the check asks PyPI.
    if importlib.util.find_spec("pip_audit") is None:
        skip_or_fail("pip-audit is not installed.", "make install-test")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "ecdsa==0.19.2 \\\n"
        "    --hash=sha256:840f5dc5e375c68f36c1a7a5b9caad28f95daa65185c9253c0c08dd952bb7399\n"
    )
    ignore = tmp_path / "ignore"
    ignore.write_text("")
    result = audit("--ignore-file", ignore, requirements)
    if "URLError" in result.stderr:
        skip_or_fail("PyPI cannot be reached: " + result.stderr[-300:], "check the network")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "VULNERABLE ecdsa 0.19.2: PYSEC-2026-1325" in result.stderr
    ignore.write_text("PYSEC-2026-1325 signing keys never live in the portal (test)\n")
    result = audit("--ignore-file", ignore, requirements)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "accepted PYSEC-2026-1325: signing keys never live" in result.stdout
    assert "no known vulnerability" in result.stdout


# The deployment built and run for real: .ci/container-check (issue 24).
def load_ci_module(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / ".ci" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ci_builds_and_runs_the_image_beside_the_tests_on_the_same_servers():
    ci = (ROOT / ".ci" / "run").read_text()
    check = re.search(
        r"^DATABASE_URL=\S+ (REDIS_URL=\S+ )?\.ci/container-check >\S+ 2>&1 &$", ci, re.M
    )
    assert check, "`.ci/run` does not start .ci/container-check in the background"
    # With PostgreSQL up, before the tests; stopped (its own cleanup) before the servers are.
    assert ci.index("stop_postgres()") < check.start() < ci.index(" make test\n")
    assert "trap 'stop_container; stop_postgres; stop_redis' EXIT" in ci
    # Waited for after both test runs, and its failure fails CI.
    waited = ci.index('wait "$container_pid" || container_status=$?')
    passed = ci.index('echo "== CI passed')
    assert ci.rindex("make test-backend\n") < waited < passed
    assert '[ "$container_status" = 0 ] || {' in ci[waited:passed]
    containerfile = (DEPLOY / "Containerfile").read_text()
    # The official image by default; CI's stand-in only as a build argument.
    assert containerfile.index("\nARG BASE=docker.io/library/python:3.11-slim-bookworm\n") < (
        containerfile.index("\nFROM ")
    )
    assert re.findall(r"^FROM (\S+)", containerfile, re.M) == ["${BASE}", "${BASE}"]
    assert "ci-host-bundle" not in containerfile and "PIP_CERT" not in containerfile


def ci_nginx_conf(tmp_path, *extra):
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-keyout", certs / "privkey.pem", "-out", certs / "fullchain.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    out = tmp_path / "nginx.conf"
    subprocess.run(
        [sys.executable, ROOT / ".ci" / "stack_check.py", "nginx-conf", DEPLOY / "nginx.conf",
         out, "--http", "18080", "--https", "18443", "--certs", certs, "--media",
         tmp_path / "media", "--private-media", tmp_path / "private", "--prefix", tmp_path,
         *extra],
        check=True,
    )  # fmt: skip
    return out.read_text()


def test_ci_serves_through_deploy_nginx_conf_with_only_its_addresses_and_paths_changed(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        skip_or_fail("nginx not found.", "apt-get install nginx-light")
    conf = ci_nginx_conf(tmp_path, "--upstream", "127.0.0.1:18000")
    original = (DEPLOY / "nginx.conf").read_text()
    changed = {"server portal:8000;", "listen 80;", "listen [::]:80;", "listen 443 ssl http2;",
               "listen [::]:443 ssl http2;", "ssl_certificate", "alias /data/"}  # fmt: skip
    kept = [line for line in original.splitlines() if not any(c in line for c in changed)]
    assert [line for line in kept if line not in conf.splitlines()] == []
    assert "listen 127.0.0.1:18443 ssl http2;" in conf and "server 127.0.0.1:18000;" in conf
    assert f"alias {tmp_path}/private/;" in conf
    result = subprocess.run([nginx, "-t", "-c", tmp_path / "nginx.conf"], capture_output=True)
    assert result.returncode == 0, result.stderr
    # README's nginx for the systemd units: on the gunicorn socket, workers as www-data.
    (tmp_path / "units").mkdir()
    socket_conf = ci_nginx_conf(
        tmp_path / "units", "--upstream", "unix:/run/klossnet/gunicorn.sock", "--user", "www-data"
    )
    assert socket_conf.startswith("user www-data;\n")
    assert "server unix:/run/klossnet/gunicorn.sock;" in socket_conf
    assert "server unix:/run/klossnet/gunicorn.sock;" in (ROOT / "README.md").read_text()


def test_the_units_run_their_exec_start_lines_as_systemd_would(tmp_path):
    """.ci/unit_run.py applies User, WorkingDirectory, EnvironmentFile, Environment and
    UMask, and runs every ExecStart line of a oneshot unit in turn."""
    unit_run = load_ci_module("unit_run")
    daily = unit_run.parse(DEPLOY / "systemd" / "klossnet-daily.service")
    assert len(daily["ExecStart"]) == 2 and unit_run.one(daily, "User") == "klossnet"
    (tmp_path / "env").write_text("# comment\nA=from-file\nB=from-file\n")
    user = pwd.getpwuid(os.getuid()).pw_name
    (tmp_path / "job.service").write_text(
        "[Unit]\nDescription=x\n\n[Service]\nType=oneshot\n"
        f"User={user}\nWorkingDirectory={tmp_path}\nEnvironmentFile={tmp_path}/env\n"
        f"Environment=B=from-unit\nUMask=0077\nReadWritePaths={tmp_path} /tmp -/nowhere\n"
        "ExecStart=/bin/sh -c 'echo $A $B $(umask) $(pwd) > first'\n"
        "ExecStart=/bin/sh -c 'cat first > second'\n"
    )
    result = subprocess.run(
        [sys.executable, ROOT / ".ci" / "unit_run.py", tmp_path, "job.service"],
        capture_output=True, text=True, env={**os.environ, "RUN_DIR": str(tmp_path / "run")},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "second").read_text() == f"from-file from-unit 0077 {tmp_path}\n"
    assert oct((tmp_path / "first").stat().st_mode & 0o777) == "0o600"
    (tmp_path / "job.service").write_text(
        (tmp_path / "job.service").read_text() + "ExecStart=/bin/false\n"
    )
    result = subprocess.run(
        [sys.executable, ROOT / ".ci" / "unit_run.py", tmp_path, "job.service"],
        capture_output=True, text=True, env={**os.environ, "RUN_DIR": str(tmp_path / "run")},
    )  # fmt: skip
    assert result.returncode != 0 and "/bin/false failed" in result.stderr


def test_the_restored_stack_must_answer_every_page_as_the_first_did(tmp_path):
    pages = {
        f"/sv/page-{n}/": {"status": 200, "sha256": f"{n:064x}", "etag": ""} for n in range(12)
    }
    (tmp_path / "a.json").write_text(json.dumps(pages))

    def compare(after):
        (tmp_path / "b.json").write_text(json.dumps(after))
        return subprocess.run(
            [sys.executable, ROOT / ".ci" / "stack_check.py", "compare",
             tmp_path / "a.json", tmp_path / "b.json"],
            capture_output=True, text=True,
        )  # fmt: skip

    assert compare(pages).returncode == 0
    changed = {**pages, "/sv/page-3/": {**pages["/sv/page-3/"], "sha256": "0" * 64}}
    assert "/sv/page-3/" in compare(changed).stderr
    missing = dict(list(pages.items())[1:])
    assert compare(missing).returncode == 1
    failing = {**pages, "/sv/page-4/": {**pages["/sv/page-4/"], "status": 500}}
    assert compare(failing).returncode == 1


def test_nginx_sends_one_cache_control_header_per_answer():
    """Found by running the stack (.ci/container-check): a cache given two may pick either."""
    conf = (DEPLOY / "nginx.conf").read_text()
    hashed = conf.split('location ~ "^/static/', 1)[1].split(" {\n", 1)[1].split("}", 1)[0]
    assert "expires" not in hashed  # `expires` writes a Cache-Control header of its own
    assert "proxy_hide_header Cache-Control;" in hashed  # WhiteNoise's, replaced
    assert hashed.count('add_header Cache-Control "public, max-age=31536000, immutable";') == 1
    # With X-Accel-Redirect nginx keeps the portal's Cache-Control (private, no-store).
    protected = conf.split("location /protected/", 1)[1].split("}", 1)[0]
    assert "Cache-Control" not in protected


def test_the_runtime_image_has_the_libraries_weasyprint_loads():
    """WeasyPrint loads Pango: without it the image's portal once stopped at start (found by
    .ci/container-check). records/pdf.py imports it on the first PDF now, so the container
    part draws a PDF in the image to prove the libraries are there."""
    assert re.search(r"^weasyprint==", (ROOT / "requirements.txt").read_text(), re.M)
    containerfile = (DEPLOY / "Containerfile").read_text()
    runtime = containerfile[containerfile.rindex("\nFROM ") :]
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"):
        assert package in runtime
    script = (ROOT / ".ci" / "container-check").read_text()
    image_step = script[script.index('step "the image: ') : script.index('step "stopping')]
    assert "import weasyprint" in image_step and ".write_pdf(" in image_step


def test_the_image_gives_fontconfig_a_writable_cache():
    """The user's home (/app) is not writable: without a cache directory fontconfig warns at
    every start of a process that draws a PDF."""
    runtime = (DEPLOY / "Containerfile").read_text().split("FROM ")[-1]
    assert re.search(r"^\s*XDG_CACHE_HOME=/tmp/\S+", runtime, re.M)


def test_ci_asks_for_leftover_containers_before_it_deletes_their_store():
    """Asked after the store is gone, podman can list nothing, and the check cannot fail."""
    script = (Path(settings.BASE_DIR) / ".ci" / "container-check").read_text()
    cleanup = script[
        script.index("cleanup() {") : script.index("\n}\n", script.index("cleanup() {"))
    ]
    assert cleanup.index("left=$(podman ps") < cleanup.index('rm -rf --one-file-system "$store"')
    assert '[ -z "$left" ]' in script.split("cleanup\ntrap - EXIT", 1)[1]


def test_ci_keeps_the_stand_in_base_only_for_the_same_archive_and_inputs():
    """The mmdebstrap base is kept between runs (35 s of CPU a run to build), under a key
    of everything that goes into it: a kept base must hold what a fresh one would."""
    script = (ROOT / ".ci" / "container-check").read_text()
    sources = re.findall(r'"deb (http\S+) (\S+) main"', script.split("sources=(", 1)[1])
    assert [suite for _, suite in sources] == [
        "bookworm", "bookworm-updates", "bookworm-security"
    ]  # fmt: skip
    args = script.split("mmdebstrap_args=(", 1)[1].split(")\n", 1)[0]
    assert args.rstrip().endswith('bookworm - "${sources[@]}"')  # exactly the keyed suites
    inputs = script.split("  if (\n", 1)[1].split(') >"$work/base-inputs"; then', 1)[0]
    for part in (
        "mmdebstrap --version",
        "printf '%s\\n' \"${mmdebstrap_args[@]}\"",
        '"$work/apt/docker-clean" "$work/apt/docker-no-languages"',
        "/etc/ssl/certs/ca-certificates.crt",
        'for source in "${sources[@]}"',
        'curl -fsS --max-time 30 "$url/dists/$suite/InRelease" || exit 1',
    ):
        assert part in inputs, part
    key = 'cached=$base_cache/standin-base-$(sha256sum <"$work/base-inputs" | cut -c 1-32).tar'
    assert key in script
    # Written whole or not at all; without a key the base is built and not kept.
    assert 'mmdebstrap "${mmdebstrap_args[@]}" >"$partial"\n    mv "$partial" "$cached"' in script
    fresh = 'mmdebstrap "${mmdebstrap_args[@]}" | podman import --quiet "${changes[@]}" - "$base"'
    assert fresh in script


def test_ci_sets_the_stack_up_with_the_system_checks_manage_py_runs():
    """migrate and load_klossnet in the one process that makes the member: with the system
    checks that `manage.py migrate` and `manage.py load_klossnet` run (call_command skips
    them unless told)."""
    script = (ROOT / ".ci" / "container-check").read_text()
    setup = script.split('step "stack A: migrate and load_klossnet from the image"', 1)[1]
    setup = setup.split("\nstep ", 1)[0]
    assert 'call_command("migrate", interactive=False, verbosity=0, skip_checks=False)' in setup
    assert 'call_command("load_klossnet", skip_checks=False' in setup
    assert setup.index('call_command("load_klossnet"') < setup.index("create_user(")


def test_the_units_get_the_directories_they_ask_systemd_for(tmp_path):
    """systemd makes StateDirectory=, CacheDirectory= (every unit's fontconfig cache) and
    the like for the unit's User before it starts; without them the jobs ran with no
    writable cache ("Fontconfig error: No writable cache directories")."""
    user = pwd.getpwuid(os.getuid())
    (tmp_path / "job.service").write_text(
        "[Service]\nType=oneshot\n"
        f"User={user.pw_name}\nCacheDirectory=klossnet\nStateDirectory=klossnet other/deep\n"
        "CacheDirectoryMode=0700\n"
        f"ExecStart=/bin/sh -c 'test -d {tmp_path}/var/cache/klossnet'\n"
    )
    result = subprocess.run(
        [sys.executable, ROOT / ".ci" / "unit_run.py", tmp_path, "job.service"],
        capture_output=True, text=True,
        env={**os.environ, "RUN_DIR": str(tmp_path / "run"), "UNIT_RUN_ROOT": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    for path, mode in (("var/cache/klossnet", 0o700), ("var/lib/klossnet", 0o755),
                       ("var/lib/other/deep", 0o755)):  # fmt: skip
        info = (tmp_path / path).stat()
        assert (info.st_uid, info.st_mode & 0o777) == (user.pw_uid, mode), path
    unit_run = load_ci_module("unit_run")
    for unit in (DEPLOY / "systemd").glob("*.service"):
        for setting in unit_run.parse(unit):
            if setting.endswith("Directory") and setting != "WorkingDirectory":
                assert setting in unit_run.DIRECTORIES, f"{unit.name}: {setting}"
