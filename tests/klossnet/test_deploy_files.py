"""deploy/: the files people run the portal with parse, and the tools that read them accept them.

Containers do not run here, so the image and compose file are checked for what matters
(non-root, gunicorn without control socket, services wired together); nginx and systemd
check their own files.
"""

import re
import shutil
import subprocess
from pathlib import Path

import yaml
from django.conf import settings

from core.middleware import permissions_policy
from tests.conftest import skip_or_fail

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def test_compose_file_runs_portal_behind_nginx_with_postgres_and_redis():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "redis", "migrate", "portal", "nginx"} <= set(services)
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


def test_systemd_accepts_the_units():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        skip_or_fail("systemd-analyze is not installed.", "apt-get install systemd.")
    units = sorted(str(path) for path in (DEPLOY / "systemd").iterdir())
    assert len(units) == 6  # the portal's socket and service, two jobs with their timers
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
