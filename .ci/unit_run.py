"""Runs deploy/systemd's units the way systemd would, where systemd is not PID 1 (CI runs
it as root inside the portal's image, with the units' paths in place).

  unit_run.py UNIT_DIR UNIT...   start each unit's ExecStart lines under its User and Group,
                                 in its WorkingDirectory, with its EnvironmentFile,
                                 Environment and UMask, and a socket unit's listening
                                 socket passed as systemd does (LISTEN_FDS). A oneshot
                                 service runs its lines in turn and must exit 0; a
                                 long-running one must come up (Type=notify: READY=1) and
                                 stay up, until SIGTERM, when it must stop within
                                 TimeoutStopSec. Writes READY in RUN_DIR when all are up.

The directories a unit asks systemd for (StateDirectory=, CacheDirectory=, …) are made for
its User. Only the unit's own settings are applied: the sandboxing options (ProtectSystem,
…) need systemd itself and are checked by `systemd-analyze verify`
(tests/klossnet/test_deploy_files.py).
"""

import grp
import os
import pwd
import shlex
import signal
import socket
import sys
import time
from pathlib import Path

RUN_DIR = Path(os.environ.get("RUN_DIR", "/run/klossnet-ci"))


def parse(path: Path) -> dict[str, list[str]]:
    """[Service]/[Socket] settings; repeated keys (ExecStart, Environment) keep every value."""
    settings: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif section in ("Service", "Socket"):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def one(settings, key, default=None):
    return settings.get(key, [default])[-1]


def environment(settings) -> dict[str, str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    for file in settings.get("EnvironmentFile", []):
        for line in Path(file.lstrip("-")).read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                key, _, value = line.partition("=")
                env[key.strip()] = value.strip()
    for assignment in settings.get("Environment", []):
        for item in shlex.split(assignment):
            key, _, value = item.partition("=")
            env[key] = value
    return env


# The directories systemd makes for a unit before it starts, owned by its User (systemd.exec:
# RuntimeDirectory= … LogsDirectory=), each under its root. UNIT_RUN_ROOT puts them elsewhere
# (the tests).
DIRECTORIES = {
    "RuntimeDirectory": "/run",
    "StateDirectory": "/var/lib",
    "CacheDirectory": "/var/cache",
    "LogsDirectory": "/var/log",
}


def prepare_directories(settings, user):
    root = os.environ.get("UNIT_RUN_ROOT", "")
    for setting, parent in DIRECTORIES.items():
        mode = int(one(settings, setting + "Mode", "0755"), 8)
        for name in " ".join(settings.get(setting, [])).split():
            path = Path(root + parent) / name
            path.mkdir(parents=True, exist_ok=True)
            os.chown(path, user.pw_uid, user.pw_gid)
            os.chmod(path, mode)
    for path in " ".join(settings.get("ReadWritePaths", [])).split():
        if path.startswith("-"):  # "-": systemd ignores a missing path
            continue
        if not Path(path).is_dir():
            sys.exit(f"ReadWritePaths={path} does not exist: systemd would refuse to start")


def listening_socket(unit_dir: Path, service: str):
    """The socket unit named like the service (klossnet.socket for klossnet.service)."""
    socket_unit = unit_dir / (service.removesuffix(".service") + ".socket")
    if not socket_unit.exists():
        return None
    settings = parse(socket_unit)
    path = Path(one(settings, "ListenStream"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(128)
    owner = pwd.getpwnam(one(settings, "SocketUser", "root"))
    os.chown(path, owner.pw_uid, grp.getgrnam(one(settings, "SocketGroup", "root")).gr_gid)
    os.chmod(path, int(one(settings, "SocketMode", "0666"), 8))
    print(f"   {socket_unit.name}: {path} for {owner.pw_name}, mode {one(settings, 'SocketMode')}")
    return listener


def spawn(settings, command, *, listener=None, notify=None):
    user = pwd.getpwnam(one(settings, "User", "root"))
    group = grp.getgrnam(one(settings, "Group", user.pw_name))
    env = environment(settings)
    if notify is not None:
        env["NOTIFY_SOCKET"] = notify
    pid = os.fork()
    if pid == 0:
        try:
            if listener is not None:
                os.dup2(listener.fileno(), 3)
                os.set_inheritable(3, True)
                env.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
            os.setgroups([])
            os.setgid(group.gr_gid)
            os.setuid(user.pw_uid)
            os.umask(int(one(settings, "UMask", "0022"), 8))
            os.chdir(one(settings, "WorkingDirectory", "/"))
            argv = shlex.split(command)
            os.execve(argv[0], argv, env)
        except BaseException as error:
            print(f"   cannot start {command}: {error!r}", flush=True)
        os._exit(127)
    return pid


def main():
    unit_dir = Path(sys.argv[1])
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    running: list[tuple[str, int, dict]] = []
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    for name in sys.argv[2:]:
        settings = parse(unit_dir / name)
        user = pwd.getpwnam(one(settings, "User", "root"))
        prepare_directories(settings, user)
        kind = one(settings, "Type", "simple")
        commands = settings["ExecStart"]
        if kind == "oneshot":
            for command in commands:
                started = time.monotonic()
                _, status, usage = os.wait4(spawn(settings, command), 0)
                code = os.waitstatus_to_exitcode(status)
                cpu = usage.ru_utime + usage.ru_stime
                print(f"   {name} as {user.pw_name}: {command} -> {code} "
                      f"({time.monotonic() - started:.1f} s, CPU {cpu:.1f} s)")  # fmt: skip
                if code != 0:
                    sys.exit(f"{name}: {command} failed")
            continue
        (command,) = commands
        notify = None
        if kind == "notify":
            notify = str(RUN_DIR / f"{name}.notify")
            Path(notify).unlink(missing_ok=True)
            notifications = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            notifications.bind(notify)
            os.chmod(notify, 0o777)  # the service's user sends to it
        pid = spawn(settings, command, listener=listening_socket(unit_dir, name), notify=notify)
        if notify is not None:
            notifications.settimeout(120)
            message = b""
            while b"READY=1" not in message:
                message = notifications.recv(4096)
            print(f"   {name} as {user.pw_name}: {command} -> READY=1")
        else:
            time.sleep(3)
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                sys.exit(f"{name}: {command} stopped at once")
            print(f"   {name} as {user.pw_name}: {command} -> running")
        running.append((name, pid, settings))
    if not running:
        return 0
    (RUN_DIR / "READY").touch()
    while not stopping:
        for name, pid, _ in running:
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                sys.exit(f"{name} stopped by itself")
        time.sleep(0.2)
    failed = False
    for _name, pid, settings in running:
        os.kill(pid, signal.Signals[one(settings, "KillSignal", "SIGTERM")])
    for name, pid, settings in running:
        deadline = time.monotonic() + int(one(settings, "TimeoutStopSec", "90"))
        finished = (0, 0)
        while finished == (0, 0) and time.monotonic() < deadline:
            time.sleep(0.1)
            finished = os.waitpid(pid, os.WNOHANG)
        if finished == (0, 0):
            print(f"   {name} did not stop within TimeoutStopSec")
            os.kill(pid, signal.SIGKILL)
            failed = True
        else:
            code = os.waitstatus_to_exitcode(finished[1])
            print(f"   {name} stopped on {one(settings, 'KillSignal', 'SIGTERM')}: exit {code}")
            failed = failed or code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
