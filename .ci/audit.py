"""Known vulnerabilities in the locked set (requirements.txt and requirements-test.txt).

pip-audit asks PyPI's advisory data (its default service: PyPI's JSON API, per release) about
every pinned release, without installing or resolving anything: the lock files are complete
and hashed. Where that per-release endpoint cannot be reached (on this project's machines
the PyPI mirror answers 404 for /pypi/NAME/VERSION/json), a pin that is its project's latest
release is checked against the advisories of the project endpoint (/pypi/NAME/json, which
lists the latest release's); any other pin is reported as not audited.

It fails on any vulnerability that .ci/pip-audit-ignore does not record, one per line:

    PYSEC-2026-1325  why it does not reach the portal, and until when it is accepted

An entry without a reason is refused; an alias (GHSA-…, CVE-…) matches as well as the ID.

    python .ci/audit.py [--ignore-file FILE] [REQUIREMENTS ...]
"""

import argparse
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)
PYPI = "https://pypi.org/pypi"


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def exceptions(path: Path) -> dict[str, str]:
    """The recorded exceptions, ID to reason; a line with an ID and no reason is an error."""
    recorded = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        vulnerability, _, reason = line.partition(" ")
        if not reason.strip():
            raise SystemExit(f"{path}:{number}: {vulnerability} has no reason recorded")
        recorded[vulnerability] = reason.strip()
    return recorded


def latest_release_advisories(name: str) -> tuple[str, list[dict]]:
    """The project's latest version and the advisories PyPI lists for it."""
    with urllib.request.urlopen(f"{PYPI}/{name}/json", timeout=30) as response:
        data = json.load(response)
    vulnerabilities = [v for v in data.get("vulnerabilities") or [] if not v.get("withdrawn")]
    return data["info"]["version"], vulnerabilities


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ignore-file", type=Path, default=ROOT / ".ci" / "pip-audit-ignore")
    parser.add_argument(
        "requirements",
        nargs="*",
        type=Path,
        # The portal's pins and the test extra's: `make lock-check` holds the two files' common
        # pins equal, so this one covers requirements.txt too.
        default=[ROOT / "requirements-test.txt"],
    )
    args = parser.parse_args(argv)
    recorded = exceptions(args.ignore_file)
    for vulnerability, reason in recorded.items():
        print(f"accepted {vulnerability}: {reason}")
    pins: dict[str, set[str]] = {}
    for requirements in args.requirements:
        for name, version in PIN.findall(requirements.read_text()):
            pins.setdefault(normalise(name), set()).add(version)

    command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--format", "json"]
    command += ["--vulnerability-service", "pypi", "--no-deps", "--disable-pip"]
    for requirements in args.requirements:
        command += ["--requirement", str(requirements)]
    for vulnerability in recorded:
        command += ["--ignore-vuln", vulnerability]
    result = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr, file=sys.stderr)
        print("pip-audit gave no report", file=sys.stderr)
        return 2

    found = []  # (name, version, id, fixed in)
    skipped = []
    for dependency in report["dependencies"]:
        if "skip_reason" in dependency:
            if normalise(dependency["name"]) not in skipped:
                skipped.append(normalise(dependency["name"]))
            continue
        for vulnerability in dependency["vulns"]:
            found.append(
                (dependency["name"], dependency["version"], vulnerability["id"],
                 vulnerability.get("fix_versions", []))
            )  # fmt: skip
    by_pip_audit = len({normalise(d["name"]) for d in report["dependencies"]} - set(skipped))

    unaudited, by_latest = [], 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        latest = dict(zip(skipped, pool.map(latest_release_advisories, skipped), strict=True))
    for name in skipped:
        version, vulnerabilities = latest[name]
        for pinned in sorted(pins.get(name, ())):
            if pinned != version:
                unaudited.append(f"{name} {pinned} (latest {version})")
                continue
            by_latest += 1
            for vulnerability in vulnerabilities:
                if {vulnerability["id"], *vulnerability.get("aliases", [])} & recorded.keys():
                    continue
                found.append((name, pinned, vulnerability["id"], vulnerability.get("fixed_in", [])))

    print(
        f"pip-audit checked {by_pip_audit} pinned projects against PyPI's per-release "
        f"advisories; {by_latest} more pins, each its project's latest release, against the "
        "project's advisories"
    )
    if unaudited:
        print(
            f"not audited ({len(unaudited)}: PyPI's per-release endpoint did not answer and the "
            "pin is not the latest release): " + ", ".join(unaudited)
        )
    for name, version, vulnerability, fixed in found:
        print(
            f"VULNERABLE {name} {version}: {vulnerability} (fixed in {', '.join(fixed) or 'none'})",
            file=sys.stderr,
        )
    if found:
        print(
            "Upgrade (make lock LOCK_ARGS='--upgrade-package NAME') or record the ID with a "
            "reason in .ci/pip-audit-ignore.",
            file=sys.stderr,
        )
        return 1
    print("no known vulnerability in the locked set")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
