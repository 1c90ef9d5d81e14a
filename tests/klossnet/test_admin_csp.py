"""No admin page the coordinator opens has markup the portal's CSP makes the browser refuse.

The CSP (klossnet/settings.py) allows no inline script, and styles only from the portal's
own files: a browser ignores an ``on…=`` handler, a ``<script>`` without ``src`` and a
``javascript:`` link, and drops a ``style=`` attribute or a ``<style>`` element unless the
page's own ``Content-Security-Policy`` header allows it. A button that does nothing, or a
page without its styles, is the result (the export page's "Select all" did nothing).

As the coordinator (staff in the coordinator group, not a superuser), for every model
registered in the admin: the change list, the add form, each object's change form, its
history (with a version, where the model keeps them) and its delete confirmation, the
import and export pages where the admin has them and the import's preview of a file, each
only where the coordinator has the right; then every page those link to inside the same
model's admin (previews, results, restore pages, the host rotation...). A model newly
registered is covered by itself (tests/klossnet/conftest.py must hold an object of it).
"""

import hashlib
from base64 import b64encode
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import reversion
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from import_export.admin import ExportMixin, ImportMixin

from tests.klossnet.conftest import objects_of

# The admin templates' markup (README: Tests and CI).
pytestmark = [pytest.mark.django_db, pytest.mark.backend_independent]

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
# Pages followed from the first ones, per model: enough for every object tool and link.
MAX_FOLLOWED = 60
# <script> types a browser never runs: data for a script (json_script, JSON-LD).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def csp_directives(header: str) -> dict[str, list[str]]:
    """The policy's directives, each with its sources (lower-cased keywords kept quoted)."""
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives.setdefault(tokens[0].lower(), tokens[1:])
    return directives


def _sources(directives, *names) -> list[str]:
    """The sources of the first of ``names`` the policy has (CSP's fallback order)."""
    for name in names:
        if name in directives:
            return directives[name]
    return []


def _allows_inline(sources: list[str], value: str) -> bool:
    """Whether an inline attribute ``value`` runs or applies under ``sources``: with
    'unsafe-inline' and no hash or nonce (either turns 'unsafe-inline' off), or with
    'unsafe-hashes' and the value's own hash."""
    lowered = [source.lower() for source in sources]
    hashed = [s for s in lowered if s.startswith(("'sha256-", "'sha384-", "'sha512-", "'nonce-"))]
    if "'unsafe-inline'" in lowered and not hashed:
        return True
    if "'unsafe-hashes'" in lowered:
        digest = b64encode(hashlib.sha256(value.encode()).digest()).decode()
        return f"'sha256-{digest}'" in sources
    return False


class _InlineFinder(HTMLParser):
    """Collects what the CSP blocks in one page, each fault with its line."""

    def __init__(self, directives: dict[str, list[str]]):
        super().__init__(convert_charrefs=True)
        self.style_attr_sources = _sources(directives, "style-src-attr", "style-src", "default-src")
        self.style_elem_sources = _sources(directives, "style-src-elem", "style-src", "default-src")
        self.faults: list[str] = []
        self._inline_script = None
        self._inline_style = None

    def _fault(self, text: str) -> None:
        self.faults.append(f"line {self.getpos()[0]}: {text}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self._fault(f"<{tag} {name}=…>: an inline event handler")
            if name == "style" and value and not _allows_inline(self.style_attr_sources, value):
                self._fault(f'<{tag} style="{value}">: a style attribute the CSP blocks')
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self._fault(f'<{tag} {name}="{value}">: a javascript: URL')
        if tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").strip().lower()
            if kind not in DATA_SCRIPT_TYPES:
                self._inline_script = self.getpos()[0]
        if tag == "style":
            self._inline_style = ""

    def handle_data(self, data):
        if self._inline_style is not None:
            self._inline_style += data

    def handle_endtag(self, tag):
        if tag == "script" and self._inline_script is not None:
            self.faults.append(f"line {self._inline_script}: an inline <script>")
            self._inline_script = None
        if tag == "style" and self._inline_style is not None:
            if self._inline_style.strip() and not _allows_inline(self.style_elem_sources, ""):
                self._fault("an inline <style> element")
            self._inline_style = None


def csp_faults(response) -> list[str]:
    """What the browser would refuse in ``response`` under the policy it was sent with."""
    header = response.get("Content-Security-Policy", "")
    assert header, "the admin page came without its Content-Security-Policy"
    finder = _InlineFinder(csp_directives(header))
    finder.feed(response.content.decode())
    finder.close()
    return finder.faults


def _is_html(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links_under(html: str, page: str, prefix: str) -> list[str]:
    """The paths (without query or fragment) ``html`` links to under ``prefix``."""
    parser = _Links()
    parser.feed(html)
    paths = []
    for href in parser.hrefs:
        path = urlsplit(urljoin(page, href)).path
        if path.startswith(prefix):
            paths.append(path)
    return paths


def coordinator_pages(model, user, objects) -> list[str]:
    """The paths of ``model``'s admin the coordinator has the right to open."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = user
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = []
    if model_admin.has_view_or_change_permission(request):
        pages.append(reverse(f"{info}_changelist"))
    if model_admin.has_add_permission(request):
        pages.append(reverse(f"{info}_add"))
    if isinstance(model_admin, ImportMixin) and model_admin.has_import_permission(request):
        pages.append(reverse(f"{info}_import"))
    if isinstance(model_admin, ExportMixin) and model_admin.has_export_permission(request):
        pages.append(reverse(f"{info}_export"))
    for obj in objects:
        if not model_admin.has_view_or_change_permission(request, obj):
            continue
        pages.append(reverse(f"{info}_change", args=[obj.pk]))
        pages.append(reverse(f"{info}_history", args=[obj.pk]))
        if model_admin.has_delete_permission(request, obj):
            pages.append(reverse(f"{info}_delete", args=[obj.pk]))
    return pages


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_no_admin_page_of_the_coordinator_has_markup_the_csp_blocks(
    model, admin_world, coordinator, client
):
    client.force_login(coordinator)
    prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    objects = objects_of(model, admin_world)
    if reversion.is_registered(model):
        # A version of each, so its history links to its restore page.
        for obj in objects:
            with reversion.create_revision():
                reversion.add_to_revision(obj)
    first = coordinator_pages(model, coordinator, objects)
    faults = []
    seen, queue = set(), list(first)
    while queue and len(seen) < len(first) + MAX_FOLLOWED:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if path in first:
            assert response.status_code == 200, f"GET {path}: {response.status_code}"
        if not _is_html(response):
            continue
        faults.extend(f"{path} {fault}" for fault in csp_faults(response))
        queue.extend(_links_under(response.content.decode(), path, prefix))
    assert not faults, "\n".join(faults)


IMPORTING = [
    model
    for model in REGISTERED
    if isinstance(admin.site._registry[model], ImportMixin)
    and isinstance(admin.site._registry[model], ExportMixin)
]


@pytest.mark.parametrize("model", IMPORTING, ids=lambda model: model._meta.label)
def test_the_import_preview_has_no_markup_the_csp_blocks(model, admin_world, coordinator, client):
    """The preview of a file: the rows exported from the admin itself, and a row refused."""
    client.force_login(coordinator)
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    form = client.get(reverse(f"{info}_export")).context["form"]
    csv_format = next(value for value, title in form.fields["format"].choices if title == "csv")
    columns = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    exported = client.post(
        reverse(f"{info}_export"), {"format": csv_format, "resource": "0", **columns}
    )
    assert exported.status_code == 200
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert len(lines) >= 2, "the export has no rows to preview"
    width = lines[0].count(",") + 1
    # A formula in the first column: refused, so the preview shows its row's errors.
    refused = ",".join(["=1+1"] + [""] * (width - 1))
    upload = SimpleUploadedFile(
        "rader.csv", "\n".join([*lines, refused]).encode(), content_type="text/csv"
    )
    response = client.post(
        reverse(f"{info}_import"),
        {"resource": "0", "format": csv_format, "import_file": upload},
    )
    assert _is_html(response), f"import preview: {response.status_code}"
    assert b"=1+1" in response.content, "the preview does not show the refused row"
    assert csp_faults(response) == []


def test_the_admin_index_and_app_pages_have_no_markup_the_csp_blocks(
    admin_world, coordinator, client
):
    client.force_login(coordinator)
    apps = sorted({model._meta.app_label for model in REGISTERED})
    faults = []
    for path in [reverse("admin:index")] + [reverse("admin:app_list", args=[app]) for app in apps]:
        response = client.get(path)
        if response.status_code == 404:  # an app of which the coordinator sees nothing
            continue
        assert _is_html(response), f"GET {path}: {response.status_code}"
        faults.extend(f"{path} {fault}" for fault in csp_faults(response))
    assert not faults, "\n".join(faults)


def test_the_policy_blocks_inline_style_and_script(client):
    """The tests above hold style attributes to the policy; the policy allows none."""
    response = client.get("/admin/login/")
    directives = csp_directives(response["Content-Security-Policy"])
    style = _sources(directives, "style-src-attr", "style-src", "default-src")
    script = _sources(directives, "script-src-attr", "script-src", "default-src")
    assert not _allows_inline(style, "font-weight: bold;")
    assert not _allows_inline(script, "onSelectToggleChange(event)")


@pytest.mark.parametrize(
    ("html", "faults"),
    [
        ('<input onchange="go(event)">', 1),
        ('<p style="padding: 0;">x</p>', 1),
        ("<script>go()</script>", 1),
        ('<script type="text/javascript">go()</script>', 1),
        ('<script type="module">go()</script>', 1),
        ('<a href="javascript:go()">x</a>', 1),
        ("<style>p { color: red }</style>", 1),
        ('<script src="/static/x.js"></script>', 0),
        ('<script id="d" type="application/json">{"a": 1}</script>', 0),
        ('<script type="application/ld+json">{}</script>', 0),
        ('<p class="one" data-onchange="x">text with onclick= in it</p>', 0),
    ],
)
def test_the_finder_sees_what_the_browser_refuses(html, faults):
    finder = _InlineFinder(csp_directives("default-src 'self'; style-src 'self'"))
    finder.feed(html)
    finder.close()
    assert len(finder.faults) == faults, finder.faults


def test_the_finder_lets_style_attributes_through_a_policy_that_allows_them():
    finder = _InlineFinder(csp_directives("default-src 'self'; style-src 'self' 'unsafe-inline'"))
    finder.feed('<p style="padding: 0;">x</p>')
    finder.close()
    assert finder.faults == []
