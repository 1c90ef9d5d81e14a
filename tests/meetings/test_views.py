"""Public pages: the archive and its filters, the meeting page, documents, feeds, sitemap."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from meetings.forms import HOST_CHOICES_LIMIT
from meetings.models import Document, Meeting, Theme
from members.models import Institution
from tests.factories import MeetingFactory, StudyVisitFactory, UserFactory

ARCHIVE = "/sv/moten/"


def sv(name, **kwargs):
    with translation.override("sv"):
        return reverse(name, kwargs=kwargs)


def falun():
    return Meeting.objects.get(date=datetime.date(2019, 11, 6))


def _document(meeting, visibility, title="Minnesanteckningar"):
    document = Document(meeting=meeting, title_sv=title, title_en="Notes", visibility=visibility)
    document.file = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 secret minutes")
    document.full_clean()
    document.save()
    return document


# --- the archive ------------------------------------------------------------------------
def test_archive_lists_every_published_meeting_grouped_by_year(client, seeded):
    MeetingFactory(date=datetime.date(2016, 1, 1), title="Opublicerat", is_published=False)
    response = client.get(ARCHIVE)
    assert response.status_code == 200
    html = response.content.decode()
    for year in range(2017, 2024):
        assert f'<h3 id="year-{year}">{year}</h3>' in html
    for meeting in Meeting.objects.published():
        assert meeting.get_absolute_url() in html
    assert "Opublicerat" not in html
    assert html.index("year-2023") < html.index("year-2017")


def test_archive_shows_upcoming_meetings_apart_from_the_meetings_held(client, seeded, monkeypatch):
    monkeypatch.setattr("meetings.views.MEETINGS_PER_PAGE", 5)
    soon = MeetingFactory(date=datetime.date.today() + datetime.timedelta(days=30), title="Snart")
    later = MeetingFactory(date=datetime.date.today() + datetime.timedelta(days=200), title="Sen")
    html = client.get(ARCHIVE).content.decode()
    upcoming = html[
        html.index('<h2 id="upcoming">Kommande möten</h2>') : html.index('id="archive"')
    ]
    held = html[html.index('id="archive"') :]
    assert upcoming.index("Snart") < upcoming.index("Sen")  # the soonest first
    assert "Snart" not in held and "Sen" not in held
    newest = "/sv/moten/2023-10-26-abo-akademi/"
    assert newest in held and newest not in upcoming
    assert f"{Meeting.objects.published().count() - 2} möten har hållits" in held
    # Later pages of the archive do not repeat them.
    assert "Kommande möten" not in client.get(ARCHIVE + "?page=2").content.decode()
    assert soon.get_absolute_url() in html and later.get_absolute_url() in html


def test_archive_filter_form_is_labelled_and_has_a_submit_button(client, seeded):
    html = client.get(ARCHIVE).content.decode()
    for name in ("year", "host", "theme"):
        assert f'<label for="id_{name}">' in html
    assert '<button type="submit">Visa möten</button>' in html


def test_archive_filters_by_year(client, seeded):
    response = client.get(ARCHIVE, {"year": 2019})
    dates = [m.date for group in response.context["years"]() for m in group["meetings"]]
    assert dates == [datetime.date(2019, 11, 6), datetime.date(2019, 5, 23)]


def test_archive_filters_by_host_institution(client, seeded):
    oru = Institution.objects.get(short_name="ORU")
    response = client.get(ARCHIVE, {"host": oru.pk})
    dates = [m.date for group in response.context["years"]() for m in group["meetings"]]
    assert dates == [datetime.date(2021, 11, 10), datetime.date(2021, 4, 14)]


def test_while_the_hosts_are_few_the_host_filter_lists_them_all(client, seeded):
    html = client.get(ARCHIVE).content.decode()
    select = html.split('<select name="host"', 1)[1].split("</select>", 1)[0]
    hosts = Institution.objects.filter(hostings__meeting__is_published=True).distinct()
    assert select.count("<option") == hosts.count() + 1  # and "all hosts"
    assert 'id="id_host_helptext"' not in html


def _many_hosts():
    call_command("benchdata", scale=2, stdout=open("/dev/null", "w"))  # noqa: SIM115
    hosts = Institution.objects.filter(hostings__meeting__is_published=True).distinct()
    assert hosts.count() > HOST_CHOICES_LIMIT


ORU_MEETINGS = [datetime.date(2021, 11, 10), datetime.date(2021, 4, 14)]


def _dates(response):
    return [m.date for group in response.context["years"]() for m in group["meetings"]]


def test_once_the_hosts_are_many_the_host_filter_is_a_labelled_search_field(client, seeded):
    _many_hosts()
    html = client.get(ARCHIVE).content.decode()
    assert '<select name="host"' not in html
    field = re.search(r'<input type="search" name="host"[^>]*>', html).group()
    assert 'id="id_host"' in field and 'aria-describedby="id_host_helptext"' in field
    assert '<label for="id_host">Värdlärosäte</label>' in html
    assert '<p class="form-help" id="id_host_helptext">Del av namnet' in html
    english = client.get("/en/meetings/").content.decode()
    assert "Part of the name, in Swedish or English" in english


@pytest.mark.parametrize("text", ["Örebro", "Örebro University", "oru", " ORU "])
def test_the_host_search_matches_either_languages_name_or_the_abbreviation(client, seeded, text):
    _many_hosts()
    response = client.get(ARCHIVE, {"host": text})
    assert _dates(response) == ORU_MEETINGS
    assert f'value="{text}"' in response.content.decode()  # kept in the field


def test_the_host_search_keeps_links_to_a_host_from_the_list(client, seeded):
    oru = Institution.objects.get(short_name="ORU")
    _many_hosts()
    assert _dates(client.get(ARCHIVE, {"host": oru.pk})) == ORU_MEETINGS


def test_the_host_search_says_so_when_no_host_matches(client, seeded):
    _many_hosts()
    response = client.get(ARCHIVE, {"host": "Ingenstans högskola"})
    html = response.content.decode()
    assert "Inget lärosäte som har varit värd för ett möte matchar ”Ingenstans högskola”." in html
    assert 'aria-invalid="true"' in html
    assert response.context["meeting_count"]() == Meeting.objects.published().past().count()


def test_archive_filters_by_theme_and_combines_filters(client, seeded):
    merits = Theme.objects.get(slug_en="collaboration-merits")
    response = client.get(ARCHIVE, {"theme": merits.pk, "year": 2023})
    dates = [m.date for group in response.context["years"]() for m in group["meetings"]]
    assert [str(day) for day in dates] == ["2023-10-26", "2023-06-30", "2023-04-20"]


def test_archive_says_so_when_nothing_matches(client, seeded):
    oru = Institution.objects.get(short_name="ORU")
    response = client.get(ARCHIVE, {"host": oru.pk, "year": 2017})
    assert "Inga möten matchar filtren." in response.content.decode()


def test_archive_explains_bad_filter_input(client, seeded):
    response = client.get(ARCHIVE, {"year": "abc", "host": "999999"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"year", "host"}
    assert 'class="errorlist"' in response.content.decode()
    assert response.context["meeting_count"]() == Meeting.objects.published().count()


def test_archive_in_english(client, seeded):
    html = client.get("/en/meetings/").content.decode()
    assert "KLOSSnet meeting in Falun" in html
    assert '<html lang="en">' in html


# --- one meeting ------------------------------------------------------------------------
def test_meeting_page_shows_hosts_linked_to_their_institution_pages(client, seeded):
    meeting = falun()
    html = client.get(meeting.get_absolute_url()).content.decode()
    for institution in meeting.hosts.all():
        assert f'href="{institution.get_absolute_url()}"' in html
        assert institution.name in html


def test_meeting_page_has_the_parts_in_the_order_they_happen(client, seeded):
    html = client.get(falun().get_absolute_url()).content.decode()
    visits = html.index('id="study-visits"')
    agenda = html.index('id="agenda"')
    assert visits < agenda
    assert html.index("Falu koppargruva") < agenda < html.index("Matilda Ernkrans")


def test_dinner_part_comes_between_study_visits_and_the_meeting(client, seeded):
    meeting = falun()
    meeting.dinner_note_sv = "Middag på Bergslagets kontor."
    meeting.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert (
        html.index('id="study-visits"')
        < html.index('id="dinner"')
        < html.index("Middag på Bergslagets kontor.")
        < html.index('id="agenda"')
    )


def test_meeting_page_in_english_uses_the_english_slug_and_texts(client, seeded):
    meeting = Meeting.objects.get(date=datetime.date(2019, 5, 23))
    with translation.override("en"):
        url = meeting.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Darja Isaksson, Director General, Vinnova" in html


def test_a_slug_from_the_other_language_redirects(client, seeded):
    response = client.get("/en/meetings/2018-04-12-goteborg/")
    assert response.status_code == 301
    assert response["Location"] == "/en/meetings/2018-04-12-gothenburg/"


def test_unpublished_meetings_are_not_shown(client, db):
    meeting = MeetingFactory(is_published=False)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_photo_gallery_is_accessible_and_lazy(client, seeded):
    from tests.meetings.test_models import jpeg_with_gps

    meeting = falun()
    photo = meeting.photos.model(meeting=meeting, alt_sv="Deltagare i orange hjälmar")
    photo.caption_sv = "Vid gruvan"
    photo.photographer = "Anna Fotograf"
    photo.image = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    photo.full_clean()
    photo.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert '<figure class="gallery__figure">' in html
    assert 'alt="Deltagare i orange hjälmar"' in html
    assert 'loading="lazy"' in html and "srcset=" in html and "sizes=" in html
    assert "<figcaption>Vid gruvan" in html and "Anna Fotograf" in html


def test_photo_gallery_enlarges_each_photo_on_the_page_without_javascript(client, seeded):
    from tests.meetings.test_models import jpeg_with_gps

    meeting = falun()
    for number in (1, 2):
        photo = meeting.photos.model(meeting=meeting, alt_sv=f"Foto nummer {number}")
        photo.image = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
        photo.full_clean()
        photo.save()
    html = client.get(meeting.get_absolute_url()).content.decode()
    # A link from each thumbnail to its enlargement on the same page (:target in the CSS).
    assert 'id="thumb-1" href="#photo-1"' in html and 'id="thumb-2" href="#photo-2"' in html
    first = html[html.index('<div class="lightbox" id="photo-1">') :]
    first = first[: first.index('<div class="lightbox" id="photo-2">')]
    assert "Foto 1 av 2" in first and 'href="#photo-2">Nästa</a>' in first
    assert 'href="#thumb-1">Stäng</a>' in first  # back to where the reader was
    assert 'alt="Foto nummer 1"' in first


# --- documents --------------------------------------------------------------------------
def test_public_documents_are_listed_and_downloadable_for_everyone(client, seeded):
    document = _document(falun(), Document.Visibility.PUBLIC, title="Program")
    html = client.get(falun().get_absolute_url()).content.decode()
    assert document.get_absolute_url() in html
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret minutes"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def test_members_documents_are_hidden_from_anonymous_users(client, seeded):
    document = _document(falun(), Document.Visibility.MEMBERS)
    html = client.get(falun().get_absolute_url()).content.decode()
    assert document.get_absolute_url() not in html
    assert "Minnesanteckningar" not in html
    assert f'href="{sv("account_login")}?next=' in html
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(sv("account_login"))


def test_members_documents_are_refused_to_logged_in_non_members(client, seeded):
    document = _document(falun(), Document.Visibility.MEMBERS)
    client.force_login(UserFactory())
    assert client.get(document.get_absolute_url()).status_code == 403
    html = client.get(falun().get_absolute_url()).content.decode()
    assert document.get_absolute_url() not in html


def test_members_see_and_download_members_documents(client, seeded):
    document = _document(falun(), Document.Visibility.MEMBERS)
    client.force_login(UserFactory(marked_as_member=True))
    html = client.get(falun().get_absolute_url()).content.decode()
    assert document.get_absolute_url() in html
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 secret minutes"
    assert 'filename="2019-11-06-Minnesanteckningar.pdf"' in response["Content-Disposition"]


def test_members_document_file_has_no_url_under_media(client, seeded, settings):
    document = _document(falun(), Document.Visibility.MEMBERS)
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))
    media_url = settings.MEDIA_URL + document.file.name
    assert client.get(media_url).status_code == 404


def test_protected_files_can_be_handed_to_nginx(client, seeded, settings):
    settings.PRIVATE_MEDIA_SERVER = "x-accel-redirect"
    settings.PRIVATE_MEDIA_INTERNAL_URL = "/protected/"
    document = _document(falun(), Document.Visibility.MEMBERS)
    client.force_login(UserFactory(marked_as_member=True))
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{document.file.name}"
    assert response.content == b""
    assert response["X-Content-Type-Options"] == "nosniff"


def test_protected_files_can_be_handed_to_apache(client, seeded, settings):
    settings.PRIVATE_MEDIA_SERVER = "x-sendfile"
    document = _document(falun(), Document.Visibility.PUBLIC)
    response = client.get(document.get_absolute_url())
    assert response["X-Sendfile"] == document.file.path


def test_documents_of_unpublished_meetings_are_not_served(client, db):
    document = _document(MeetingFactory(is_published=False), Document.Visibility.PUBLIC)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_meeting_page_names_its_hosts_once_as_links(client, seeded):
    html = client.get("/sv/moten/2017-10-10-stockholm/").content.decode()
    facts = html[html.index('class="meeting-facts"') : html.index("</dl>")]
    assert "KTH, Stockholms universitet, KI och Södertörn" not in facts  # the note as written
    assert facts.count("Stockholms universitet") == 1
    assert 'href="/sv/larosaten/kungliga-tekniska-hogskolan/"' in facts


def test_meeting_page_without_linked_hosts_shows_the_host_as_written(client, db):
    meeting = MeetingFactory(host_note="Lärosäten Norr")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Lärosäten Norr" in html


def test_meeting_the_archive_knows_little_about_says_so_and_shows_no_empty_section(client, seeded):
    html = client.get("/sv/moten/2022-10-27/").content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    assert "Utöver det som står ovan finns inget mer om det här mötet i arkivet." in main
    assert "<section" not in main and "meeting-parts" not in main
    assert "ingen dagordning" not in main


def test_meeting_with_study_visits_but_no_agenda_shows_no_empty_agenda_section(client, seeded):
    meeting = MeetingFactory(date=datetime.date(2015, 5, 5))
    StudyVisitFactory(meeting=meeting, name="Labbet")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert 'id="study-visits"' in html and 'id="agenda"' not in html
    assert "Arkivet har ingen dagordning för det här mötet." in html


def test_upcoming_meeting_without_agenda_says_it_is_not_published_yet(client, db):
    meeting = MeetingFactory(date=datetime.date.today() + datetime.timedelta(days=10))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Dagordningen är inte publicerad än." in html and 'id="agenda"' not in html


# --- feeds and sitemap ------------------------------------------------------------------
def test_icalendar_feed_parses_back_with_every_meeting(client, seeded):
    response = client.get(sv("meetings:ical"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == Meeting.objects.published().count()
    by_start = {event.decoded("dtstart"): event for event in events}
    event = by_start[datetime.date(2019, 11, 6)]
    assert str(event["summary"]) == "KLOSSnet-möte i Falun"
    assert event.decoded("dtend") == datetime.date(2019, 11, 7)
    assert str(event["url"]).endswith(falun().get_absolute_url())
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_icalendar_path_is_translated(client, seeded):
    assert sv("meetings:ical") == "/sv/moten/kalender.ics"
    assert client.get("/en/meetings/calendar.ics").status_code == 200


def test_atom_feed_parses_back(client, seeded):
    response = client.get("/en/meetings/feed/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    entries = root.findall("a:entry", ns)
    assert len(entries) == Meeting.objects.published().count()
    titles = [entry.find("a:title", ns).text for entry in entries]
    assert titles[0] == "2023-10-26 KLOSSnet meeting hosted by Åbo Akademi University"
    assert all(entry.find("a:updated", ns).text for entry in entries)


def test_sitemap_lists_the_archive_and_every_meeting_in_both_languages(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/sv/moten/</loc>" in xml and "/en/meetings/</loc>" in xml
    assert "/sv/moten/2019-11-06-falun/</loc>" in xml
    assert "/en/meetings/2018-04-12-gothenburg/</loc>" in xml


# --- institution page ----------------------------------------------------
def test_institution_section_lists_hosted_meetings_with_constant_queries(seeded):
    from meetings.selectors import institution_sections

    assert institution_sections(Institution.objects.get(short_name="LNU")) == []
    oru = Institution.objects.get(short_name="ORU")
    with CaptureQueriesContext(connection) as queries:
        sections = institution_sections(oru)
    assert len(queries) == 2
    assert sections[0]["template"] == "meetings/includes/institution_meetings.html"
    assert sections[0]["order"] == 10
    assert [m.date.year for m in sections[0]["context"]["meetings"]] == [2021, 2021]
    slu = Institution.objects.get(short_name="SLU")
    with CaptureQueriesContext(connection) as queries:
        institution_sections(slu)
    assert len(queries) == 2


# --- query counts do not grow with data --------------------------------------------------
@pytest.mark.parametrize("logged_in", [False, True])
def test_archive_and_meeting_pages_use_the_same_queries_at_scale(
    client, seeded, django_assert_num_queries, logged_in
):
    if logged_in:
        client.force_login(UserFactory(marked_as_member=True))
    seed_meeting = falun()
    _document(seed_meeting, Document.Visibility.MEMBERS)
    pages = [
        ARCHIVE,
        seed_meeting.get_absolute_url(),
        ARCHIVE + "?year=2019",
        ARCHIVE + "?page=3",
    ]
    counts = {}
    for path in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[path] = len(queries)

    call_command("benchdata", scale=20, stdout=open("/dev/null", "w"))  # noqa: SIM115
    synthetic = Meeting.objects.filter(title_sv__startswith="[synthetic]").order_by("-date")
    assert synthetic.count() == 16 * 20
    big = synthetic.first()
    assert big.photos.count() and big.agenda_items.count() and big.documents.count()

    for path in pages:
        with django_assert_num_queries(counts[path]):
            assert client.get(path).status_code == 200
    with django_assert_num_queries(counts[seed_meeting.get_absolute_url()]):
        response = client.get(big.get_absolute_url())
    assert response.status_code == 200
    assert 'loading="lazy"' in response.content.decode()


def test_institution_page_shows_the_meetings_it_hosted(client, seeded):
    oru = Institution.objects.get(short_name="ORU")
    response = client.get(oru.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Möten som värd" in html
    for meeting in Meeting.objects.filter(hosts=oru):
        assert meeting.get_absolute_url() in html
    lnu = Institution.objects.get(short_name="LNU")
    assert "Möten som värd" not in client.get(lnu.get_absolute_url()).content.decode()


def test_joint_hosts_are_named_on_the_institution_page(client, seeded):
    dalarna = Institution.objects.get(short_name="HDa")
    html = client.get(dalarna.get_absolute_url()).content.decode()
    assert "tillsammans med <a" in html and "Högskolan i Gävle</a>)" in html
    gavle = Institution.objects.get(short_name="HiG")
    html = client.get(gavle.get_absolute_url()).content.decode()
    assert "Högskolan Dalarna</a>)" in html


def test_a_large_archive_is_paged_and_the_pager_keeps_the_filters(client, seeded, monkeypatch):
    monkeypatch.setattr("meetings.views.MEETINGS_PER_PAGE", 5)
    theme = Theme.objects.get(slug_en="k3-projects")
    response = client.get(ARCHIVE, {"theme": theme.pk})
    page = response.context["page"]()
    assert page.paginator.num_pages > 1
    html = response.content.decode()
    assert f'href="?theme={theme.pk}&amp;page=2" rel="next"' in html
    second = client.get(ARCHIVE, {"theme": theme.pk, "page": 2})
    first_ids = {m.pk for g in response.context["years"]() for m in g["meetings"]}
    second_ids = {m.pk for g in second.context["years"]() for m in g["meetings"]}
    assert first_ids and second_ids and not first_ids & second_ids
    assert "Sida 2 av" in second.content.decode()


def test_download_file_name_cannot_carry_paths_or_header_tricks(client, seeded):
    document = _document(falun(), Document.Visibility.PUBLIC, title='../"Program"\r\nX-Evil: 1')
    response = client.get(document.get_absolute_url())
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition
    assert "X-Evil" not in response
