"""What a visitor and a member get from the running stack, asked through nginx
(.ci/container-check runs it with the host's Python: the standard library only).

  stack_check.py nginx-conf SRC OUT --upstream HOST:PORT --http PORT --https PORT --certs DIR
                 --media DIR --private-media DIR --prefix DIR
  stack_check.py check STATE.json   the checks of issue 24 on one stack (the state file says
                                    where it listens and who the member is)
  stack_check.py snapshot STATE.json OUT.json   status, body digest and ETag of each page
  stack_check.py compare A.json B.json          the same pages answer the same content
"""

import argparse
import gzip
import hashlib
import http.client
import json
import re
import ssl
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

HOST = "127.0.0.1"
problems: list[str] = []


def passed(since: int, message: str):
    """Reports a group of checks as passed when none of them failed."""
    if len(problems) == since:
        print("  ", message)


def expect(condition, message):
    if not condition:
        problems.append(message)
        print("   FAIL", message)
    return condition


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name, default=""):
        return self.headers.get(name, default)

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    """One browser: its own source address (127.0.0.x) and its own cookies."""

    def __init__(self, state, source="127.0.0.1"):
        self.state = state
        self.source = source
        self.cookies: dict[str, str] = {}
        self.context = ssl.create_default_context(cafile=state["cert"])

    def request(self, method, path, *, fields=None, headers=None, port=None, tls=True):
        port = port or self.state["https"]
        if tls:
            connection = http.client.HTTPSConnection(
                HOST, port, context=self.context, source_address=(self.source, 0), timeout=60
            )
        else:
            connection = http.client.HTTPConnection(
                HOST, port, source_address=(self.source, 0), timeout=60
            )
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            origin = f"https://{HOST}:{port}"
            headers.setdefault("Origin", origin)
            headers.setdefault("Referer", origin + path)
        connection.request(method, path, body=body, headers=headers)
        raw = connection.getresponse()
        data = raw.read()
        if raw.getheader("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        for value in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        # Headers a response may carry once: two Cache-Control headers (nginx adding one to
        # the portal's) leave caches to pick either.
        for name in ("Cache-Control", "Content-Security-Policy", "Strict-Transport-Security"):
            values = raw.headers.get_all(name) or []
            expect(len(values) <= 1, f"{method} {path}: {len(values)} {name} headers {values}")
        return Response(raw.status, raw.headers, data)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def form_fields(self, path):
        page = self.get(path)
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken)" value="([^"]+)"', page.text))
        return page, fields

    def log_in(self, email, password):
        path = self.state["login"]
        page, fields = self.form_fields(path)
        expect(page.status == 200, f"log-in page {path}: {page.status}")
        expect("csrfmiddlewaretoken" in fields, "log-in page has no CSRF token")
        return self.request("POST", path, fields={**fields, "login": email, "password": password})


def parse_state(path):
    return json.loads(Path(path).read_text())


# --- nginx configuration ----------------------------------------------------------------
def nginx_conf(args):
    """deploy/nginx.conf as is, but for loopback ports, a self-signed certificate and the
    stack's directories instead of the compose service names and volumes."""
    conf = Path(args.src).read_text()
    replacements = [
        ("server portal:8000;", f"server {args.upstream};"),
        ("listen 80;", f"listen {HOST}:{args.http};"),
        ("listen 443 ssl http2;", f"listen {HOST}:{args.https} ssl http2;"),
        ("/etc/nginx/certs/", f"{args.certs}/"),
        ("alias /data/media/;", f"alias {args.media}/;"),
        ("alias /data/private-media/;", f"alias {args.private_media}/;"),
        (
            "http {\n",
            "http {\n"
            f"    access_log {args.prefix}/access.log;\n"
            + "".join(
                f"    {kind}_temp_path {args.prefix}/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            ),
        ),
    ]
    for old, new in replacements:
        if old not in conf:
            sys.exit(f"deploy/nginx.conf has no {old!r}: update .ci/stack_check.py")
        conf = conf.replace(old, new)
    conf = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", conf)  # loopback IPv4 only here
    conf = f"pid {args.prefix}/nginx.pid;\nerror_log {args.prefix}/error.log;\n" + conf
    if args.user:  # a Debian server's nginx, whose workers must reach a 0600 socket
        conf = f"user {args.user};\n" + conf
    Path(args.out).write_text(conf)


# --- The checks -------------------------------------------------------------------------
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CSP_PARTS = ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")


def check(args):
    state = parse_state(args.state)
    visitor = Client(state)

    # /healthz on both servers of nginx.conf; everything else is sent to HTTPS.
    since = len(problems)
    for tls, port in ((False, state["http"]), (True, state["https"])):
        response = visitor.get("/healthz", port=port, tls=tls)
        expect(response.status == 200, f"/healthz (tls={tls}): {response.status}")
    response = visitor.get("/sv/", port=state["http"], tls=False)
    expect(
        response.status == 301 and response.header("Location").startswith("https://"),
        f"http:// /sv/ is not sent to https: {response.status} {response.header('Location')}",
    )

    # The start page in both languages, with the security headers and the CSP, compressed.
    static = None
    for language, title in (("sv", "KLOSSnet"), ("en", "KLOSSnet")):
        response = visitor.get(f"/{language}/", headers={"Accept-Encoding": "gzip"})
        expect(response.status == 200, f"/{language}/: {response.status}")
        expect(f'<html lang="{language}"' in response.text, f"/{language}/ is not in {language}")
        expect(title in response.text, f"/{language}/ lacks {title}")
        expect(response.header("Content-Encoding") == "gzip", f"/{language}/ not gzipped")
        for name, value in SECURITY_HEADERS.items():
            expect(
                value in response.header(name), f"/{language}/ {name}: {response.header(name)!r}"
            )
        expect("Permissions-Policy" in response.headers, f"/{language}/ has no Permissions-Policy")
        csp = response.header("Content-Security-Policy")
        for part in CSP_PARTS:
            expect(part in csp, f"/{language}/ CSP lacks {part}: {csp!r}")
        found = re.search(r'"(/static/[^"]+\.[0-9a-f]{12}\.css)"', response.text)
        static = static or (found and found[1])
    passed(since, "/healthz; /sv/ and /en/ gzipped with the security headers and CSP")
    since = len(problems)

    # A static file with a hashed name: a year in every cache.
    if expect(static, "the start page links no hashed stylesheet"):
        response = visitor.get(static)
        expect(response.status == 200, f"{static}: {response.status}")
        cache = response.header("Cache-Control")
        expect(cache == "public, max-age=31536000, immutable", f"{static}: {cache!r}")
        passed(since, f"{static}: {cache}")
    since = len(problems)

    # A members-only document: never to a visitor, never straight from nginx's internal
    # location, to the member through X-Accel-Redirect after logging in.
    document = state["document"]
    expected = Path(state["document_file"]).read_bytes()
    response = visitor.get(document)
    expect(
        response.status == 302 and "/login/" in response.header("Location"),
        f"a visitor asking for {document}: {response.status} {response.header('Location')}",
    )
    expect(expected not in response.body, "a visitor received the members-only document")
    internal = "/protected/" + state["document_name"]
    response = visitor.get(internal)
    expect(response.status == 404, f"{internal} from outside: {response.status}")
    expect(expected not in response.body, "nginx's internal location answered from outside")

    # Two clients: someone guessing the member's password from 127.0.0.3 locks out only
    # themself; the member logs in from 127.0.0.2 at once.
    guesser = Client(state, "127.0.0.3")
    for attempt in range(6):
        response = guesser.log_in(state["email"], f"wrong-{attempt}")
        expect(response.status in (200, 429), f"wrong password {attempt}: {response.status}")
    response = guesser.log_in(state["email"], state["password"])
    expect(response.status != 302, "six wrong passwords did not stop the guesser")
    member = Client(state, "127.0.0.2")
    response = member.log_in(state["email"], state["password"])
    expect(
        response.status == 302 and "sessionid" in member.cookies,
        f"the member could not log in beside the guesser: {response.status}",
    )
    passed(since, "a guesser locked out after 6 wrong passwords; the member logs in elsewhere")
    since = len(problems)
    response = member.get(document)
    expect(response.status == 200, f"{document} for the member: {response.status}")
    expect(response.body == expected, f"{document}: not the stored file")
    expect("no-store" in response.header("Cache-Control"), f"{document}: cacheable")
    expect("attachment" in response.header("Content-Disposition"), f"{document}: not a download")
    expect(response.header("X-Content-Type-Options") == "nosniff", f"{document}: sniffable")
    expect(
        "camera=()" in response.header("Permissions-Policy"), f"{document}: no Permissions-Policy"
    )
    # The portal itself answers with the X-Accel-Redirect and no body: nginx sent the file.
    if state.get("portal"):
        response = member.get(
            document,
            port=state["portal"],
            tls=False,
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.2"},
        )
        expect(
            response.header("X-Accel-Redirect") == internal and response.body == b"",
            f"the portal answered {response.status} {response.header('X-Accel-Redirect')!r}, "
            f"{len(response.body)} bytes",
        )
    passed(since, f"{document}: 302 to the log-in page, then the file through X-Accel-Redirect")

    # The worker: a password reset e-mail leaves through the task queue to the mail server.
    if state.get("smtp_log"):
        since = len(problems)
        stranger = Client(state, "127.0.0.4")
        log = Path(state["smtp_log"])
        sent = log.read_text(errors="replace").count(state["email"])
        path = state["password_reset"]
        page, fields = stranger.form_fields(path)
        response = stranger.request("POST", path, fields={**fields, "email": state["email"]})
        expect(response.status == 302, f"password reset: {response.status}")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if log.read_text(errors="replace").count(state["email"]) > sent:
                break
            time.sleep(0.5)
        expect(
            log.read_text(errors="replace").count(state["email"]) > sent,
            "the worker did not deliver the password reset e-mail",
        )
        passed(since, "the task worker delivered the password reset e-mail")
    return finish()


# --- The same pages, the same content ---------------------------------------------------
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+')


def snapshot(args):
    state = parse_state(args.state)
    visitor = Client(state)
    sitemap = visitor.get("/sitemap.xml")
    paths = ["/healthz", "/sv/", "/en/", "/sitemap.xml", "/robots.txt", "/api/v1/"]
    for location in re.findall(r"<loc>([^<]+)</loc>", sitemap.text):
        path = urllib.parse.urlsplit(location).path
        if path not in paths:
            paths.append(path)
    pages = {}
    for path in paths:
        response = visitor.get(path)
        body = CSRF.sub(rb"\1-", response.body)
        pages[path] = {
            "status": response.status,
            "sha256": hashlib.sha256(body).hexdigest(),
            "etag": response.header("ETag") if body == response.body else "",
            "length": len(body),
        }
    member = Client(state, "127.0.0.5")
    response = member.log_in(state["email"], state["password"])
    expect(response.status == 302, f"the member cannot log in: {response.status}")
    document = member.get(state["document"])
    pages["member:" + state["document"]] = {
        "status": document.status,
        "sha256": hashlib.sha256(document.body).hexdigest(),
    }
    Path(args.out).write_text(json.dumps(pages, indent=1, sort_keys=True))
    print(f"   {len(pages)} pages")
    return finish()


def compare(args):
    before = json.loads(Path(args.before).read_text())
    after = json.loads(Path(args.after).read_text())
    expect(len(before) > 10, f"only {len(before)} pages to compare")
    for path, page in before.items():
        expect(page.get("status") == 200, f"{path} answered {page.get('status')} before the backup")
        expect(after.get(path) == page, f"{path}: {page} before, {after.get(path)} after restore")
    expect(set(after) == set(before), f"other pages after restore: {set(after) ^ set(before)}")
    with_etag = sum(1 for page in before.values() if page.get("etag"))
    print(f"   {len(before)} pages answer the same after the restore ({with_etag} by ETag too)")
    return finish()


def finish():
    if problems:
        print(f"{len(problems)} problem(s):", *problems, sep="\n  ", file=sys.stderr)
        return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    conf = commands.add_parser("nginx-conf")
    conf.add_argument("src")
    conf.add_argument("out")
    for option in ("upstream", "http", "https", "certs", "media", "private-media", "prefix"):
        conf.add_argument("--" + option, required=True)
    conf.add_argument("--user")
    commands.add_parser("check").add_argument("state")
    shot = commands.add_parser("snapshot")
    shot.add_argument("state")
    shot.add_argument("out")
    both = commands.add_parser("compare")
    both.add_argument("before")
    both.add_argument("after")
    args = parser.parse_args()
    if args.command == "nginx-conf":
        return nginx_conf(args)
    return {"check": check, "snapshot": snapshot, "compare": compare}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
