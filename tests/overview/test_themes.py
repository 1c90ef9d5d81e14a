import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from meetings.models import AgendaItem, Document, Meeting, Theme
from meetings.services import theme_merge
from projects.models import Project
from steering.models import WorkingGroup
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    ProjectFactory,
    StudyVisitFactory,
    ThemeFactory,
    UserFactory,
    WorkingGroupFactory,
)

THEMES = "/sv/moten/teman/"


def _document(meeting, visibility, title):
    document = Document(meeting=meeting, title_sv=title, title_en=title, visibility=visibility)
    document.file = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 minutes")
    document.full_clean()
    document.save()
    return document


def merits():
    return Theme.objects.get(slug_en="collaboration-merits")


# --- seed ---------------------------------------------------------------------------------
def test_seed_gives_themes_swedish_and_english_slugs_and_descriptions(seeded):
    theme = merits()
    assert theme.slug_sv == "samverkansmeriter"
    assert theme.description_sv.startswith("Ett återkommande tema")
    assert theme.description_en.startswith("A recurring theme")


def test_every_seed_theme_has_a_text_of_its_own_in_each_language(seeded):
    themes = Theme.objects.all()
    assert len(themes) == 7
    assert len({theme.description_sv for theme in themes}) == 7
    assert len({theme.description_en for theme in themes}) == 7
    example = Theme.objects.get(slug_en="method-development-and-steering")
    # From the sources, naming where: the English version's wording of the theme.
    assert "Method development and steering mechanisms for collaboration" in (
        example.description_sv
    )


def _example_texts_migration():
    import importlib

    return importlib.import_module("meetings.migrations.0007_theme_example_texts")


def test_the_migration_replaces_the_shared_boilerplate_and_keeps_a_coordinators_text(seeded):
    from django.apps import apps

    migration = _example_texts_migration()
    Theme.objects.filter(slug_en="driving-forces").update(
        description=migration.OLD["sv"],
        description_sv=migration.OLD["sv"],
        description_en=migration.OLD["en"],
    )
    Theme.objects.filter(slug_en="systematic-ways-of-working").update(
        description_sv="Koordinatorns egen text.", description_en=migration.OLD["en"]
    )
    migration.own_texts(apps, None)
    driving = Theme.objects.get(slug_en="driving-forces")
    assert driving.description_sv == migration.NEW["driving-forces"]["sv"]
    assert driving.description_en == migration.NEW["driving-forces"]["en"]
    systematic = Theme.objects.get(slug_en="systematic-ways-of-working")
    assert systematic.description_sv == "Koordinatorns egen text."
    assert systematic.description_en == migration.NEW["systematic-ways-of-working"]["en"]


def test_the_seed_file_and_the_migration_give_the_same_texts(seeded):
    migration = _example_texts_migration()
    for key, texts in migration.NEW.items():
        theme = Theme.objects.get(slug_en=key)
        assert (theme.description_sv, theme.description_en) == (texts["sv"], texts["en"])


def test_seed_links_the_agenda_items_projects_and_working_groups_the_sources_name(seeded):
    k3 = Theme.objects.get(slug_en="k3-projects")
    assert set(k3.agenda_items.values_list("title_sv", flat=True)) >= {
        "K3-projekten",
        "Fördjupning K3-projekten",
        "Implementering K3-projekt",
    }
    assert list(k3.projects.values_list("acronym", flat=True)) == ["K3"]
    assert list(merits().projects.values_list("acronym", flat=True)) == ["SWE-CAM"]
    assert merits().working_groups.get().slug_sv == "samverkansmeriter"
    falun_item = AgendaItem.objects.get(meeting__date=datetime.date(2019, 11, 6), order=1)
    assert list(falun_item.themes.all()) == [k3]
    # Items the source does not tie to a theme carry none.
    assert not AgendaItem.objects.get(
        meeting__date=datetime.date(2019, 11, 6), order=0
    ).themes.exists()


def test_loading_the_seed_twice_adds_no_theme_or_link(seeded):
    links = AgendaItem.themes.through.objects.count()
    call_command("load_klossnet", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert Theme.objects.count() == 7
    assert AgendaItem.themes.through.objects.count() == links


# --- merging --------------------------------------------------------------------------------
def test_merging_moves_every_link_to_the_kept_theme_and_deletes_the_other(db):
    kept, other, third = ThemeFactory(), ThemeFactory(), ThemeFactory()
    both = MeetingFactory()
    both.themes.set([kept, other])
    only_other = MeetingFactory()
    only_other.themes.set([other, third])
    item = AgendaItemFactory()
    item.themes.set([other])
    visit = StudyVisitFactory()
    visit.themes.set([other, third])
    project = ProjectFactory()
    project.themes.set([other])
    group = WorkingGroupFactory()
    group.themes.set([third])

    moved = theme_merge(kept=kept, merged=[other, third])

    assert not Theme.objects.filter(pk__in=[other.pk, third.pk]).exists()
    assert list(both.themes.all()) == [kept]
    assert list(only_other.themes.all()) == [kept]
    assert list(item.themes.all()) == [kept]
    assert list(visit.themes.all()) == [kept]
    assert list(project.themes.all()) == [kept]
    assert list(group.themes.all()) == [kept]
    assert moved == 5  # the meeting that already had the kept theme needed no new link


def test_merging_a_theme_into_itself_changes_nothing(db):
    theme = ThemeFactory()
    MeetingFactory().themes.set([theme])
    assert theme_merge(kept=theme, merged=[theme]) == 0
    assert Theme.objects.filter(pk=theme.pk).exists()


def test_admin_merge_action_asks_which_theme_to_keep_before_merging(admin_client, seeded):
    k3 = Theme.objects.get(slug_en="k3-projects")
    merit = merits()
    url = reverse("admin:meetings_theme_changelist")
    data = {"action": "merge_themes", "_selected_action": [k3.pk, merit.pk]}

    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tema att behålla" in html and "Ja, slå ihop dem" in html
    assert Theme.objects.filter(pk=k3.pk).exists()

    response = admin_client.post(url, {**data, "kept": merit.pk, "confirm_merge": "yes"})
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=k3.pk).exists()
    assert Project.objects.get(acronym="K3").themes.get() == merit
    assert Meeting.objects.with_theme(merit).count() == 12  # 8 K3 + 5 merits, 1 had both


def test_admin_merge_needs_two_themes(admin_client, seeded):
    url = reverse("admin:meetings_theme_changelist")
    response = admin_client.post(
        url, {"action": "merge_themes", "_selected_action": [merits().pk]}, follow=True
    )
    assert "Markera minst två teman" in response.content.decode()
    assert Theme.objects.count() == 7


def test_theme_change_form_has_language_tabs_and_description(admin_client, seeded):
    response = admin_client.get(reverse("admin:meetings_theme_change", args=[merits().pk]))
    html = response.content.decode()
    assert 'name="description_sv"' in html and 'name="slug_en"' in html


# --- pages --------------------------------------------------------------------------------
def test_theme_index_lists_themes_with_counts_and_years_active(client, seeded):
    response = client.get(THEMES)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Samverkansmeriter" in html
    assert "Aktivt 2021–2025" in html  # meetings 2021–2023, SWE-CAM until 2025
    assert "5 möten" in html and "3 dagordningspunkter" in html and "1 arbetsgrupp" in html
    assert "Ett exempel ur nätverkets beskrivning" in html  # the example themes
    assert merits().get_absolute_url() == "/sv/moten/teman/samverkansmeriter/"


def test_theme_page_has_a_timeline_newest_first_with_meetings_projects_and_groups(client, seeded):
    response = client.get(merits().get_absolute_url())
    assert response.status_code == 200
    timeline = response.context["timeline"]()
    dates = [entry.date for entry in timeline]
    assert dates == sorted(dates, reverse=True)
    assert {entry.kind for entry in timeline} == {"meeting", "project", "working_group"}
    html = response.content.decode()
    assert "Meritvärde samverkansskicklighet" in html  # the agenda item that took it up
    assert "Helena Jerregård" in html  # a SWE-CAM contact
    assert "Örebro universitet" in html  # a host


def test_theme_page_shows_members_only_documents_to_members_only(client, seeded):
    meeting = Meeting.objects.get(date=datetime.date(2023, 4, 20))
    _document(meeting, Document.Visibility.PUBLIC, "Öppen presentation")
    _document(meeting, Document.Visibility.MEMBERS, "Intern anteckning")
    url = merits().get_absolute_url()

    html = client.get(url).content.decode()
    assert "Öppen presentation" in html
    assert "Intern anteckning" not in html
    assert "endast för medlemmar" in html  # the notice

    client.force_login(UserFactory(marked_as_member=True))
    html = client.get(url).content.decode()
    assert "Intern anteckning" in html


def test_theme_page_leaves_out_unpublished_meetings(client, seeded):
    draft = MeetingFactory(title="Hemligt utkast", is_published=False)
    draft.themes.set([merits()])
    assert "Hemligt utkast" not in client.get(merits().get_absolute_url()).content.decode()


def test_theme_page_in_english_uses_the_english_slug_and_redirects_the_swedish_one(client, seeded):
    with translation.override("en"):
        english = merits().get_absolute_url()
    assert english == "/en/meetings/themes/collaboration-merits/"
    assert client.get(english).status_code == 200
    response = client.get("/en/meetings/themes/samverkansmeriter/")
    assert response.status_code == 301
    assert response["Location"] == english
    assert client.get("/sv/moten/teman/finns-inte/").status_code == 404


def test_archive_filter_by_theme_includes_meetings_whose_agenda_took_it_up(client, seeded):
    theme = ThemeFactory(name="Ny fråga")
    meeting = Meeting.objects.get(date=datetime.date(2020, 11, 5))
    item = meeting.agenda_items.first()
    item.themes.set([theme])
    response = client.get("/sv/moten/", {"theme": theme.pk})
    assert response.status_code == 200
    assert response.context["meeting_count"]() == 1
    assert theme in response.context["form"].fields["theme"].queryset


def test_sitemap_lists_theme_pages_in_both_languages(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/sv/moten/teman/samverkansmeriter/" in xml
    assert "/en/meetings/themes/collaboration-merits/" in xml
    assert 'hreflang="en"' in xml


def test_sitemap_leaves_out_themes_nothing_is_linked_to(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    for language in ("sv", "en"):
        with translation.override(language):
            for slug in ("driving-forces", "anchoring-at-management-level"):
                assert Theme.objects.get(slug_en=slug).get_absolute_url() not in xml
            assert merits().get_absolute_url() in xml
    # Linked once, a theme is listed.
    AgendaItemFactory(meeting=Meeting.objects.published().first(), title="Drivkrafter").themes.set(
        [Theme.objects.get(slug_en="driving-forces")]
    )
    assert (
        "/sv/moten/teman/drivkrafter-och-incitament/" in client.get("/sitemap.xml").content.decode()
    )


def test_a_theme_nothing_is_linked_to_says_it_is_an_example_from_the_description(client, seeded):
    html = client.get("/sv/moten/teman/drivkrafter-och-incitament/").content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    assert "Temat är ett av de exempel som nätverket ger i sin beskrivning" in main
    assert "Tidslinje" not in main
    index = client.get(THEMES).content.decode()
    assert index.count("Ett exempel ur nätverkets beskrivning") == 4


@pytest.mark.parametrize("logged_in", [False, True])
def test_theme_pages_use_the_same_queries_at_twenty_times_the_content(
    client, seeded, django_assert_num_queries, logged_in
):
    if logged_in:
        client.force_login(UserFactory(marked_as_member=True))
    # Samverkansmeriter has every kind of entry (meetings with items, a project with
    # participants and contacts, a working group with members) at both sizes.
    pages = [THEMES, merits().get_absolute_url()]
    counts = {}
    for path in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[path] = len(queries)

    call_command("benchdata", scale=20, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert AgendaItem.themes.through.objects.count() > 1000
    assert Project.themes.through.objects.count() > 20
    assert WorkingGroup.themes.through.objects.count() > 1

    for path in pages:
        with django_assert_num_queries(counts[path]):
            assert client.get(path).status_code == 200


def test_meeting_page_links_its_themes_to_their_theme_pages(client, seeded):
    meeting = Meeting.objects.get(date=datetime.date(2023, 4, 20))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{merits().get_absolute_url()}"' in html


# A long timeline comes in pages; members get their own cached timeline ----------------------


@pytest.fixture
def long_theme(db):
    theme = ThemeFactory(name="Långa temat", name_en="The long theme")
    for number in range(25):
        meeting = MeetingFactory(date=datetime.date(2000, 1, 1) + datetime.timedelta(days=number))
        meeting.themes.add(theme)
    return theme


def _entry_titles(html: str) -> list[str]:
    return [
        part.split("</a>")[0].split(">")[-1] for part in html.split('class="timeline__title"')[1:]
    ]


def test_a_long_timeline_comes_in_pages_linked_both_ways(client, long_theme):
    path = long_theme.get_absolute_url()
    first = client.get(path).content.decode()
    second = client.get(path, {"page": 2}).content.decode()
    assert len(_entry_titles(first)) == 20 and len(_entry_titles(second)) == 5
    newest = Meeting.objects.order_by("-date")
    assert (
        _entry_titles(first)[0] == newest[0].title and _entry_titles(second)[-1] == newest[24].title
    )
    assert '<nav class="pager" aria-label="Sidor i tidslinjen">' in first
    assert 'href="?page=2" rel="next">Äldre i tidslinjen</a>' in first
    assert 'href="?page=1" rel="prev">Nyare i tidslinjen</a>' in second
    with translation.override("en"):
        english = client.get(long_theme.get_absolute_url()).content.decode()
    assert 'rel="next">Older in the timeline</a>' in english and "Page 1 of 2" in english


@pytest.mark.parametrize("size", [25, 60])
def test_a_timeline_page_runs_the_same_queries_however_long_the_timeline(
    client, long_theme, django_assert_num_queries, size
):
    for number in range(size - 25):
        MeetingFactory(date=datetime.date(1990, 1, 1) + datetime.timedelta(days=number)).themes.add(
            long_theme
        )
    with CaptureQueriesContext(connection) as queries:
        client.get(long_theme.get_absolute_url())
    assert (
        len(queries) == 11
    )  # the footer, the theme, entry keys (3), page's entries (5), questions


def test_members_and_visitors_each_get_their_own_cached_timeline(client, settings, long_theme):
    settings.FRAGMENT_CACHE_SECONDS = 300
    meeting = long_theme.meetings.order_by("-date").first()
    _document(meeting, Document.Visibility.MEMBERS, "Protokoll för medlemmar")
    path = long_theme.get_absolute_url()
    member = UserFactory(marked_as_member=True)
    client.force_login(member)
    assert "Protokoll för medlemmar" in client.get(path).content.decode()
    client.logout()
    assert "Protokoll för medlemmar" not in client.get(path).content.decode()


def test_an_edited_meeting_shows_at_once_in_a_members_cached_timeline(client, settings, long_theme):
    settings.FRAGMENT_CACHE_SECONDS = 300
    client.force_login(UserFactory(marked_as_member=True))
    path = long_theme.get_absolute_url()
    meeting = long_theme.meetings.order_by("-date").first()
    assert meeting.title in client.get(path).content.decode()
    meeting.title = "Nytt namn på mötet"
    meeting.save()
    assert "Nytt namn på mötet" in client.get(path).content.decode()
