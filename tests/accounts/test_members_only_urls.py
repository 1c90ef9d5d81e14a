"""Every members-only URL refuses outsiders, found by walking the URL configuration.

A new view in the members' area, or a new file-serving view anywhere, is covered
automatically: it only has to be added to the URL configuration.
"""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import translation

from meetings.models import Document, Meeting

pytestmark = pytest.mark.django_db

AREA_NAMESPACE = "members_area"
# Public on purpose: the invitation link itself is the credential.
PUBLIC_AREA_VIEWS = {"members_area:invitation_accept"}
# URL names of views that hand out files; every one must refuse members-only files.
FILE_VIEW_NAME = re.compile(r"(^|_)(documents?|download|files?|attachments?)(_|$)")
# File views that by design serve only public files go here, with a reason.
PUBLIC_FILE_VIEWS: set[str] = set()


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, entry


def _all_named_patterns():
    return list(_walk(get_resolver().url_patterns))


def area_url_names() -> list[str]:
    names = {
        name
        for name, _pattern in _all_named_patterns()
        if name.split(":")[0] == AREA_NAMESPACE and name not in PUBLIC_AREA_VIEWS
    }
    return sorted(names)


def file_url_names() -> list[str]:
    return sorted(
        {
            name
            for name, _pattern in _all_named_patterns()
            if not name.startswith("admin:")
            and name not in PUBLIC_FILE_VIEWS
            and FILE_VIEW_NAME.search(name.rsplit(":", 1)[-1])
        }
    )


def _kwargs_for(name: str, *, document: Document | None = None) -> dict:
    pattern = dict(_all_named_patterns())[name]
    kwargs = {}
    for key, converter in getattr(pattern.pattern, "converters", {}).items():
        if key == "pk" and document is not None:
            kwargs[key] = document.pk
        elif isinstance(converter, IntConverter):
            kwargs[key] = 1
        else:
            kwargs[key] = "x"
    return kwargs


def _url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=_kwargs_for(name, **kwargs))


@pytest.fixture
def members_document(db):
    meeting = Meeting.objects.create(
        date=datetime.date(2019, 11, 6),
        title="Nätverksmöte i Falun",
        slug="2019-11-06-falun",
        is_published=True,
    )
    return Document.objects.create(
        meeting=meeting,
        title="Deltagarlista",
        file=ContentFile(b"%PDF-1.4\n%members only\n", name="deltagarlista.pdf"),
        visibility=Document.Visibility.MEMBERS,
    )


def test_the_walk_finds_the_members_area_and_the_document_view():
    assert {"members_area:start", "members_area:directory", "members_area:profile"} <= set(
        area_url_names()
    )
    assert "meetings:document_download" in file_url_names()


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", area_url_names())
def test_members_area_sends_anonymous_users_to_login(client, name, language):
    url = _url(name, language)
    response = client.get(url)
    assert response.status_code == 302
    with translation.override(language):
        assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", area_url_names())
def test_members_area_refuses_logged_in_non_members(client, non_member, name, language):
    client.force_login(non_member)
    response = client.get(_url(name, language))
    assert response.status_code == 403


@pytest.mark.parametrize("name", area_url_names())
def test_members_area_opens_for_members_and_is_never_cached_publicly(client, member, name):
    client.force_login(member)
    response = client.get(_url(name, "sv"))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", file_url_names())
def test_members_only_file_sends_anonymous_users_to_login(client, members_document, name):
    response = client.get(_url(name, "sv", document=members_document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", file_url_names())
def test_members_only_file_refuses_logged_in_non_members(
    client, non_member, members_document, name
):
    client.force_login(non_member)
    response = client.get(_url(name, "sv", document=members_document))
    assert response.status_code in {302, 403}
    assert b"members only" not in b"".join(getattr(response, "streaming_content", [b""]))


@pytest.mark.parametrize("name", file_url_names())
def test_members_only_file_is_served_to_members(client, member, members_document, name):
    client.force_login(member)
    response = client.get(_url(name, "sv", document=members_document))
    assert response.status_code == 200
    assert b"members only" in b"".join(response.streaming_content)
    assert response["Cache-Control"] == "private, no-store"


def test_members_only_document_refusal_is_a_translated_page_in_the_sites_look(
    client, non_member, members_document
):
    client.force_login(non_member)
    response = client.get(members_document.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in html
    assert "Endast för medlemmar" in html
