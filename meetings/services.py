"""Actions on meetings: host rotation, duplicating a meeting, loading the seed archive."""

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from core import pagecache
from core.content import content_read, seed_get_or_create
from members.models import Institution
from search import signals as search_signals

from .models import AgendaItem, Meeting, MeetingHost, StudyVisit, Theme


# --- Host rotation ----------------------------------------------------------------------
@dataclass(frozen=True)
class HostSuggestion:
    institution: Institution
    last_hosted: datetime.date | None

    @property
    def has_hosted(self) -> bool:
        return self.last_hosted is not None


# Swedish alphabetical order puts å, ä, ö after z (and in that order).
_SWEDISH_LETTERS = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def _swedish_sort_key(name: str) -> str:
    return name.casefold().translate(_SWEDISH_LETTERS)


def rank_hosts(
    institutions: Iterable[Institution], last_hosted: Mapping[int, datetime.date]
) -> list[HostSuggestion]:
    """Order candidates: never hosted first, then the longest ago; ties by name.

    Pure: ``last_hosted`` maps institution id to the date it last hosted (jointly or alone).
    """
    suggestions = [
        HostSuggestion(institution=inst, last_hosted=last_hosted.get(inst.pk))
        for inst in institutions
    ]
    return sorted(
        suggestions,
        key=lambda s: (
            s.last_hosted is not None,
            s.last_hosted or datetime.date.min,
            _swedish_sort_key(str(s.institution.name)),
            s.institution.pk,
        ),
    )


def next_hosts(*, count: int = 3, on: datetime.date | None = None) -> list[HostSuggestion]:
    """Propose the next hosts among the institutions that are members ``on`` (today).

    Every meeting counts, planned or held, published or not, so an institution already
    booked for the next meeting is not proposed again. A joint host counts as having hosted.
    """
    on = on or timezone.localdate()
    candidates = list(Institution.objects.current_members(on=on))
    last_hosted = dict(
        MeetingHost.objects.filter(institution__in=candidates)
        .values("institution")
        .annotate(last=Max("meeting__date"))
        .values_list("institution", "last")
    )
    return rank_hosts(candidates, last_hosted)[:count]


# --- Duplicating ------------------------------------------------------------------------
def _half_a_year_later(day: datetime.date) -> datetime.date:
    month = day.month + 6
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    others = Meeting.objects.exclude(pk=exclude_pk)
    slug, number = base[:190], 2
    while others.filter(slug_sv=slug).exists() or others.filter(slug_en=slug).exists():
        slug = f"{base[:190]}-{number}"
        number += 1
    return slug


def _automatic_slug(date: datetime.date, title: str) -> str:
    return slugify(f"{date:%Y-%m-%d}-{title}")


def _is_automatic_slug(slug: str, date: datetime.date, title: str) -> bool:
    """Whether ``slug`` is the one made from date and title (with a number to be unique)."""
    base = _automatic_slug(date, title)[:190]
    number = slug.removeprefix(base).removeprefix("-")
    return slug == base or (slug.startswith(f"{base}-") and number.isdigit())


def meeting_slugs_follow_title(
    *, meeting: Meeting, previous: Mapping[str, object], edited: Iterable[str]
) -> None:
    """Give a meeting not yet published the address of its new date and title.

    A copy made by ``meeting_duplicate`` starts with the address of the old title; the
    coordinator then gives it its own title, and the address follows, in each language,
    while the address is still the one made from the previous date and title and no one
    typed another. A meeting that was published keeps its address: links to it exist.
    ``previous`` holds the values before the edit (a form's ``initial``); ``edited`` the
    names of the fields changed in it.
    """
    if previous.get("is_published"):
        return
    edited = set(edited)
    old_date = previous.get("date") or meeting.date
    for language, _name in settings.LANGUAGES:
        slug_field, title_field = f"slug_{language}", f"title_{language}"
        old_title = previous.get(title_field) or previous.get("title_sv") or ""
        new_title = getattr(meeting, title_field) or meeting.title_sv
        if slug_field in edited or not ({"date", title_field} & edited):
            continue
        if _is_automatic_slug(previous.get(slug_field) or "", old_date, old_title):
            slug = _unique_slug(_automatic_slug(meeting.date, new_title), exclude_pk=meeting.pk)
            setattr(meeting, slug_field, slug)
    meeting.slug = meeting.slug_sv


@transaction.atomic
def meeting_duplicate(*, meeting: Meeting, date: datetime.date | None = None) -> Meeting:
    """A draft of the next meeting: same kind, format, themes and agenda structure.

    Hosts, place, guests (speakers), study visits, photos and documents belong to the
    original meeting and are not copied. The copy is unpublished, half a year later.
    """
    date = date or _half_a_year_later(meeting.date)
    copy = Meeting(
        date=date,
        kind=meeting.kind,
        format=meeting.format,
        title_sv=meeting.title_sv,
        title_en=meeting.title_en,
        is_published=False,
    )
    copy.slug_sv = _unique_slug(_automatic_slug(date, meeting.title_sv))
    copy.slug_en = _unique_slug(_automatic_slug(date, meeting.title_en or meeting.title_sv))
    copy.slug = copy.slug_sv
    copy.full_clean()
    copy.save()
    copy.themes.set(meeting.themes.all())
    for item in meeting.agenda_items.all():
        new_item = AgendaItem(
            meeting=copy,
            order=item.order,
            time=item.time,
            title_sv=item.title_sv,
            title_en=item.title_en,
            description_sv=item.description_sv,
            description_en=item.description_en,
        )
        new_item.full_clean()
        new_item.save()
    return copy


# --- Themes -----------------------------------------------------------------------------
def _theme_relations():
    """Every many-to-many field pointing at Theme (meetings, agenda items, projects, …)."""
    return [
        relation.field
        for relation in Theme._meta.related_objects
        if relation.many_to_many and relation.field.remote_field.through._meta.auto_created
    ]


@transaction.atomic
def theme_merge(*, kept: Theme, merged: Iterable[Theme]) -> int:
    """Move every link of the ``merged`` themes to ``kept``, then delete the merged themes.

    Whatever carried a merged theme (a meeting, agenda item, study visit, project, working
    group) carries ``kept`` afterwards, once. Returns how many links were moved.
    """
    merged_ids = [theme.pk for theme in merged if theme.pk != kept.pk]
    if not merged_ids:
        return 0
    moved = 0
    for field in _theme_relations():
        through = field.remote_field.through
        owner, theme = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        links = through.objects.filter(**{f"{theme}__in": merged_ids})
        changed = set(links.values_list(owner, flat=True))
        owners = changed - set(
            through.objects.filter(**{theme: kept.pk}).values_list(owner, flat=True)
        )
        links.delete()
        through.objects.bulk_create(
            [through(**{owner: owner_id, theme: kept.pk}) for owner_id in sorted(owners)]
        )
        moved += len(owners)
        # The links moved without many-to-many signals: what shows the themes' names in
        # search must be re-indexed all the same (after the commit).
        search_signals.objects_changed(field.model, changed)
    Theme.objects.filter(pk__in=merged_ids).delete()
    pagecache.content_changed()
    return moved


# --- Seed content -----------------------------------------------------------------------
def _institution(short_name: str) -> Institution:
    institution = Institution.objects.filter(short_name__iexact=short_name).first()
    if institution is None:
        raise Institution.DoesNotExist(
            f"Seed meeting host “{short_name}” is not among the institutions: load members first."
        )
    return institution


def themes_by_seed_key(keys: Iterable[str]) -> list[Theme]:
    """Themes named in the seed content by their English slug (the seed's stable key)."""
    keys = list(keys)
    themes = {theme.slug_en: theme for theme in Theme.objects.filter(slug_en__in=keys)}
    missing = [key for key in keys if key not in themes]
    if missing:
        raise Theme.DoesNotExist(f"Seed themes {missing} are not loaded: load meetings first.")
    return [themes[key] for key in keys]


@transaction.atomic
def meetings_content_load() -> None:
    """Load the meeting archive from ``content/meetings.json``."""
    content = content_read("meetings")
    for position, values in enumerate(content["themes"]):
        values = dict(values)
        slug = values.pop("slug")
        seed_get_or_create(
            Theme,
            lookup={"slug_en": slug["en"]},
            values={**values, "slug": slug, "position": position},
        )
    for values in content["meetings"]:
        values = dict(values)
        hosts = values.pop("hosts", [])
        theme_keys = values.pop("themes", None) or []
        visits = values.pop("study_visits", [])
        agenda = values.pop("agenda", [])
        slug = values.pop("slug")
        meeting, created = seed_get_or_create(
            Meeting,
            lookup={"slug_sv": slug["sv"]},
            values={**values, "slug": slug, "is_published": True},
        )
        if not created:
            continue  # the coordinator owns it now
        for position, short_name in enumerate(hosts):
            host = MeetingHost(
                meeting=meeting, institution=_institution(short_name), position=position
            )
            host.full_clean()
            host.save()
        meeting.themes.set(themes_by_seed_key(theme_keys))
        for order, visit in enumerate(visits):
            visit = dict(visit)
            visit_themes = visit.pop("themes", [])
            study_visit, _created = seed_get_or_create(
                StudyVisit, lookup={"meeting": meeting, "order": order}, values=visit
            )
            study_visit.themes.set(themes_by_seed_key(visit_themes))
        for order, item in enumerate(agenda):
            item = dict(item)
            item_themes = item.pop("themes", [])
            agenda_item, _created = seed_get_or_create(
                AgendaItem, lookup={"meeting": meeting, "order": order}, values=item
            )
            agenda_item.themes.set(themes_by_seed_key(item_themes))
