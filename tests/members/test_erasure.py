import pickle
from pathlib import Path

import pytest
import reversion
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.mail import EmailMessage
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision, Version

from core.mail import mail_send
from core.mail_preferences import mail_switch
from core.models import MailOptOut, OutgoingMail, SuppressedAddress
from members.models import Person, Representation, User
from members.services import person_erase
from network.models import Page
from search.models import SearchDocument, SearchTerm
from tests.admin_forms import change_form_data
from tests.factories import InstitutionFactory, PersonFactory, RepresentationFactory, UserFactory
from tests.failing_mail import BACKEND as FAILING_MAIL
from tests.members import images

pytestmark = pytest.mark.django_db


def test_erasing_a_person_removes_them_their_links_and_login():
    representation = RepresentationFactory()
    person = representation.person
    person.user = UserFactory()
    person.save()
    institution = representation.institution

    removed = person_erase(person=person)

    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Representation.objects.exists()
    assert not User.objects.filter(pk=person.user_id).exists()
    assert sum(removed.values()) == 1
    institution.refresh_from_db()  # the institution stays


def test_erasing_keeps_the_steering_group_and_projects_themselves(seeded):
    from projects.models import Project
    from steering.models import SteeringGroupMembership

    person = Person.objects.get(name="Helena Jerregård")
    projects_before = Project.objects.count()
    memberships_before = SteeringGroupMembership.objects.count()

    person_erase(person=person)

    assert Project.objects.count() == projects_before
    assert SteeringGroupMembership.objects.count() == memberships_before - 1
    assert "Helena Jerregård" not in str(Project.objects.get(acronym="SWE-CAM").contacts.all())


def test_coordinator_erases_a_person_after_confirming(admin_client):
    person = PersonFactory()
    RepresentationFactory(person=person, institution=person.institution)
    url = reverse("admin:members_person_changelist")
    data = {"action": "erase_people", "_selected_action": [person.pk]}

    confirmation = admin_client.post(url, data)
    assert confirmation.status_code == 200
    assert person.name in confirmation.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()  # nothing happens before confirming

    response = admin_client.post(url, {**data, "confirm_erase": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


# --- Nothing of an erased person remains anywhere --------------------------------------
# A person with a distinctive name, title, e-mail and photo file names is edited in the
# admin (log entries, versions, a replaced photo), found by anonymous search and seen on
# cached pages; then erased. Each test looks in one place the portal keeps copies.

NAME = "Zorvalda Qvistrupsson"
EMAIL = "zorvalda.qvistrupsson@example.org"
# Lower-case pieces of the name, e-mail, title and photo file names (stems included).
NEEDLES = ("qvistrup", "zorvald", "xylofon")


def _post_person(client, person, **changes):
    url = reverse("admin:members_person_change", args=[person.pk])
    data = change_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.fixture
def erased(admin_client, settings, django_capture_on_commit_callbacks):
    """What the portal held about the person before erasure: photo names, page URLs."""
    settings.PAGE_CACHE_SECONDS = 300
    with translation.override("sv"):
        institution = InstitutionFactory(name="Xylofonhögskolan i Kvistrup")
        person = PersonFactory(
            name=NAME,
            title="prorektor för xylofonik",
            title_en="Pro-Vice-Chancellor for xylofonics",
            email=EMAIL,
            institution=institution,
            publication_consent=True,
        )
        RepresentationFactory(person=person, institution=institution)
        other = PersonFactory(name="Berit Kvarstad", institution=institution)
        RepresentationFactory(person=other, institution=institution)
        user = UserFactory(
            username=EMAIL, email=EMAIL, first_name="Zorvalda", last_name="Qvistrupsson"
        )
        person.user = user
        person.save()
        # The institution is renamed afterwards: its own name is not the person's.
        institution.name = "Lärosätet"
        institution.save()
    with django_capture_on_commit_callbacks(execute=True):
        _post_person(
            admin_client,
            person,
            photo=images.jpeg_with_exif("qvistrupsson-portratt.jpg"),
            photo_alt_sv="Zorvalda Qvistrupsson i porträtt",
            photo_alt_en="Portrait",
        )
        person.refresh_from_db()
        first_photo = person.photo.name
        _post_person(
            admin_client,
            person,
            title_sv="prorektor för xylofonik och samverkan",
            photo=images.jpeg_with_exif("qvistrupsson-nytt.jpg"),
        )
        person.refresh_from_db()
        url = reverse("admin:members_user_change", args=[user.pk])
        data = change_form_data(admin_client.get(url))
        data["marked_as_member"] = "on"
        assert admin_client.post(url, data).status_code == 302
    assert LogEntry.objects.filter(object_repr=EMAIL).exists()  # the user admin's log line
    # An e-mail to them the mail server did not take, kept to be sent again.
    backend, settings.EMAIL_BACKEND = settings.EMAIL_BACKEND, FAILING_MAIL
    with django_capture_on_commit_callbacks(execute=True):
        mail_send(
            EmailMessage(f"Välkommen, {NAME}", f"Hej {NAME}!", to=[EMAIL]),
            kind="members/invitation",
        )
    settings.EMAIL_BACKEND = backend
    assert OutgoingMail.objects.exists()
    # What they chose to receive, and a bounce that blocked their address.
    mail_switch(recipient=user, kind="registration/mailing", on=False)
    mail_switch(recipient=EMAIL, kind="registration/mailing", on=False)
    SuppressedAddress.objects.create(address=EMAIL, reason="bounced", detail=f"{EMAIL}: 550")
    assert MailOptOut.objects.count() == 2
    # The about page named them once; the text was changed since, the history keeps it.
    about = Page.objects.create(key=Page.Key.ABOUT, title="Om nätverket")
    with reversion.create_revision():
        reversion.set_comment(f"Kontakt: {NAME}")
        about.body = f"Frågor till {NAME}, {EMAIL}."
        about.save()
    with reversion.create_revision():
        about.body = "Frågor till kansliet."
        about.save()
    anonymous = Client()
    pages = [institution.get_absolute_url(), f"{reverse('search')}?q=Qvistrupsson"]
    for page in pages:
        response = anonymous.get(page)
        assert "qvistrup" in _found(response.content.decode()), page
    assert "qvistrupsson" in anonymous.get(f"{reverse('search')}?q=Qvistrupssn").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:members_person_changelist"),
            {"action": "erase_people", "_selected_action": [person.pk], "confirm_erase": "yes"},
        )
    assert response.status_code == 302
    assert not Person.objects.filter(name=NAME).exists()
    return {"photos": {first_photo, person.photo.name}, "pages": pages, "client": anonymous}


def _found(text: str) -> list[str]:
    text = text.lower()
    return [needle for needle in NEEDLES if needle in text]


def database_rows_naming(needles=NEEDLES) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every column of every table (unmanaged ones, SQLite's
    full-text shadow tables and PostgreSQL's tsvector included) holding a needle."""
    hits = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                quoted = connection.ops.quote_name(table)
                for needle in needles:
                    if connection.vendor == "sqlite":
                        # Blobs (FTS5 segments) byte by byte, text case-insensitively.
                        sql = (
                            f"SELECT count(*) FROM {quoted} WHERE "
                            f"instr(lower(CAST({name} AS TEXT)), %s) > 0 "
                            f"OR instr(CAST({name} AS BLOB), CAST(%s AS BLOB)) > 0"
                        )
                        cursor.execute(sql, [needle, needle])
                    else:
                        sql = (
                            f"SELECT count(*) FROM {quoted} "
                            f"WHERE position(%s in lower(CAST({name} AS TEXT))) > 0"
                        )
                        cursor.execute(sql, [needle])
                    if cursor.fetchone()[0]:
                        hits.append((table, column.name, needle))
    return hits


def test_the_scan_finds_a_person_who_was_not_erased(db):
    # The scan below would pass for a blind scan: prove it sees every kind of copy.
    PersonFactory(name=NAME, email=EMAIL)
    tables = {table for table, _column, _needle in database_rows_naming()}
    assert "members_person" in tables


def test_after_erasure_no_table_holds_anything_of_them(erased):
    assert database_rows_naming() == []


def test_after_erasure_search_neither_finds_nor_suggests_them(erased, client):
    assert not SearchDocument.objects.filter(title=NAME).exists()
    for q in ("Qvistrupsson", "Qvistrupssn", "Zorvalda", "xylofonik", "Zorvalda.qvistrupsson"):
        html = client.get(reverse("search"), {"q": q}).content.decode()
        assert _found(html.replace(q.lower(), "").replace(q, "")) == [], q
    assert not SearchTerm.objects.filter(word__contains="qvistrup").exists()
    assert not SearchTerm.objects.filter(word__contains="xylofon").exists()
    if connection.vendor == "sqlite":
        # The FTS5 table's own storage (segments, contents) too, not only its visible rows.
        assert [hit for hit in database_rows_naming() if "search_fts" in hit[0]] == []


def test_after_erasure_the_admin_log_does_not_name_them(erased):
    for entry in LogEntry.objects.all():
        assert _found(f"{entry.object_repr} {entry.change_message}") == [], entry
        assert EMAIL not in entry.object_repr


def test_after_erasure_the_history_does_not_name_them(erased):
    for version in Version.objects.all():
        assert _found(f"{version.object_repr} {version.serialized_data}") == [], version
    for revision in Revision.objects.all():
        assert _found(revision.comment) == [], revision


def test_after_erasure_no_stored_file_is_theirs(erased):
    files = [
        path
        for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
        for path in Path(root).rglob("*")
        if path.is_file()
    ]
    names = {str(path) for path in files}
    assert not any(photo in name for photo in erased["photos"] for name in names)
    assert [
        path for path in files if _found(path.name) or _found(path.read_bytes().decode("latin-1"))
    ] == []


def test_after_erasure_no_cached_page_shows_them(erased):
    for value in _stored_pages():
        assert _found(repr(pickle.loads(value))) == []
    for page in erased["pages"]:
        response = erased["client"].get(page)
        assert response["X-Page-Cache"] == "miss", page
        html = response.content.decode().replace("Qvistrupsson", "")  # the query, echoed
        assert _found(html) == [], page


@pytest.fixture(params=["locmem", "redis"])
def shared_page_cache(request, settings):
    if request.param == "redis":
        location = request.getfixturevalue("redis_url")
        backend = {"BACKEND": "core.cache.RedisCache", "LOCATION": location}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {**settings.CACHES, "default": backend}
    settings.PAGE_CACHE_SECONDS = 300
    from django.core.cache import caches

    caches["default"].clear()
    yield request.param
    caches["default"].clear()


def _stored_pages() -> list[bytes]:
    """The pickled pages in the shared cache (process memory or Redis)."""
    from django.core.cache import caches

    backend = caches["default"]
    if hasattr(backend._cache, "get_client"):  # Redis
        client = backend._cache.get_client()
        return [client.get(key) for key in client.scan_iter(match="*pagecache:page:*")]
    return [value for key, value in backend._cache.items() if "pagecache:page:" in key]


def test_forgetting_pages_empties_the_shared_cache_and_each_process_memory(
    db, shared_page_cache, rf
):
    from django.http import HttpResponse

    from core import pagecache

    middleware = pagecache.AnonymousPageCacheMiddleware(
        lambda request: HttpResponse(f"<p>{NAME}</p>")
    )
    middleware(rf.get("/sv/larosaten/"))
    assert _stored_pages() and middleware.local

    pagecache.pages_forget()
    assert _stored_pages() == []
    # The next request in each process sees the new version and drops the older pages.
    middleware.get_response = lambda request: HttpResponse("<p>Annat</p>")
    middleware(rf.get("/sv/moten/"))
    assert [entry for entry in middleware.local.values() if NAME in repr(entry)] == []
