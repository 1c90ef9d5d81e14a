"""Reads of member data used by the public pages, the sitemap and other apps.

Every function here runs a fixed number of SQL queries, however many institutions,
people or representations there are.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Institution, Representation
from .permissions import can_see_contact_details

KIND_HEADINGS = {
    Institution.Kind.UNIVERSITY: _("Universities"),
    Institution.Kind.UNIVERSITY_COLLEGE: _("University colleges"),
    Institution.Kind.SPECIALISED: _("Specialised institutions"),
    Institution.Kind.FOREIGN: _("Foreign members"),
}

COUNTRY_NAMES = {
    "SE": _("Sweden"),
    "FI": _("Finland"),
    "NO": _("Norway"),
    "DK": _("Denmark"),
    "IS": _("Iceland"),
}

# Swedish alphabet order puts å, ä, ö after z; other accents sort with their base letter.
_SWEDISH_LAST = {"å": "{0", "ä": "{1", "ö": "{2", "æ": "{1", "ø": "{2"}


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code.upper(), code.upper()))


def name_sort_key(name: str, language: str | None = None) -> str:
    """A sort key for names in the reader's language (Swedish: … x y z å ä ö)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    text = name.casefold()
    if language == "sv":
        text = "".join(_SWEDISH_LAST.get(char, char) for char in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass
class KindGroup:
    kind: str
    heading: str
    institutions: list = field(default_factory=list)
    total: int = 0  # the institutions of this kind on every page of the directory


@dataclass
class Directory:
    current: list[KindGroup]
    former: list
    others: list
    current_member_count: int


def institution_directory(*, kind: str = "", on: datetime.date | None = None) -> Directory:
    """The public directory: current members grouped by kind, then former and other ones.

    Two queries: the institutions (with successors) and the network-wide member count.
    """
    on = on or timezone.localdate()
    institutions = Institution.objects.select_related("successor")
    if kind:
        institutions = institutions.filter(kind=kind)
    rows = sorted(institutions, key=lambda institution: name_sort_key(institution.name))
    groups = {value: KindGroup(value, str(heading)) for value, heading in KIND_HEADINGS.items()}
    former, others = [], []
    for institution in rows:
        if institution.is_current_member:
            groups[institution.kind].institutions.append(institution)
        elif institution.member_until and institution.member_until < on:
            former.append(institution)
        else:
            others.append(institution)
    return Directory(
        current=[group for group in groups.values() if group.institutions],
        former=former,
        others=others,
        current_member_count=Institution.objects.current_members(on).count(),
    )


def institution_directory_page(
    *, kind: str = "", number=None, per_page: int
) -> tuple[Directory, Page]:
    """One page of the directory, in the order of :func:`institution_directory`: each group
    with the institutions of this page and its size on every page. Only the names and
    membership dates of every institution are read to put them in order; whole rows only
    for the page (four queries)."""
    on = timezone.localdate()
    language = translation.get_language() or settings.LANGUAGE_CODE
    institutions = Institution.objects.all()
    if kind:
        institutions = institutions.filter(kind=kind)
    current = set(Institution.objects.current_members(on).values_list("pk", flat=True))
    names = {settings.LANGUAGE_CODE, language}
    rows = institutions.values("pk", "kind", "member_until", *(f"name_{code}" for code in names))
    rows = sorted(
        rows,
        key=lambda row: name_sort_key(
            row[f"name_{language}"] or row[f"name_{settings.LANGUAGE_CODE}"], language
        ),
    )
    sections: dict[str, list] = {value: [] for value in KIND_HEADINGS}
    former, others = [], []
    for row in rows:
        if row["pk"] in current:
            sections[row["kind"]].append(row["pk"])
        elif row["member_until"] and row["member_until"] < on:
            former.append(row["pk"])
        else:
            others.append(row["pk"])
    entries = [(value, pk) for value, pks in sections.items() for pk in pks]
    entries += [("former", pk) for pk in former] + [("others", pk) for pk in others]
    page = Paginator(entries, per_page).get_page(number)
    loaded = Institution.objects.select_related("successor").in_bulk(
        [pk for _section, pk in page.object_list]
    )
    groups: dict[str, KindGroup] = {}
    directory = Directory([], [], [], len(current))
    for section, pk in page.object_list:
        institution = loaded[pk]
        if section == "former":
            directory.former.append(institution)
        elif section == "others":
            directory.others.append(institution)
        else:
            if section not in groups:
                heading = str(KIND_HEADINGS[section])
                groups[section] = KindGroup(section, heading, total=len(sections[section]))
                directory.current.append(groups[section])
            groups[section].institutions.append(institution)
    return directory, page


def institution_for_slug(slug: str) -> Institution | None:
    """The institution with ``slug`` in the current language, else in Swedish.

    Loads what the institution page shows in three queries: the institution with its
    successor, its predecessors, and its current representations with their people.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    lookup = Q(**{f"slug_{settings.LANGUAGE_CODE}": slug})
    if language != settings.LANGUAGE_CODE:
        lookup |= Q(**{f"slug_{language}": slug})
    candidates = list(
        Institution.objects.filter(lookup)
        .select_related("successor")
        .prefetch_related(
            Prefetch("predecessors", queryset=Institution.objects.order_by("-member_until")),
            Prefetch(
                "representations",
                queryset=Representation.objects.current()
                .select_related("person")
                .order_by("started_on", "person__name"),
                to_attr="current_representations",
            ),
        )
    )
    for candidate in candidates:
        if getattr(candidate, f"slug_{language}", None) == slug:
            return candidate
    return candidates[0] if candidates else None


def representatives_for_display(*, institution: Institution, user) -> list[dict]:
    """The institution's current representatives, each with whether contact details show."""
    return [
        {
            "person": representation.person,
            "representation": representation,
            "show_contact": can_see_contact_details(user, representation.person),
        }
        for representation in institution.current_representations
    ]


def _hooks(attribute: str):
    """(app config, callable) of every installed app that sets ``AppConfig.<attribute>``:
    how apps above members add to its pages without members importing them."""
    for app_config in apps.get_app_configs():
        path = getattr(app_config, attribute, None)
        if path:
            yield app_config, import_string(path)


def institution_sections(institution: Institution) -> list[dict]:
    """Sections other apps add to the institution page (contract: ``members.apps``)."""
    sections: list[dict] = []
    for _app_config, hook in _hooks("institution_sections"):
        sections.extend(hook(institution))
    return sorted(sections, key=lambda section: section.get("order", 0))


def members_area_sections(request) -> list[dict]:
    """Sections other apps add to the members' start page (contract: ``members.apps``)."""
    sections: list[dict] = []
    for app_config, hook in _hooks("members_area_sections"):
        for number, section in enumerate(hook(request), start=1):
            sections.append({"id": f"{app_config.label}-{number}", **section})
    return sorted(sections, key=lambda section: section.get("order", 0))


def personal_calendar_events(request, user) -> list:
    """The events other apps put in a member's personal calendar (contract: ``members.apps``)."""
    events: list = []
    for _app_config, hook in _hooks("personal_calendar_events"):
        events.extend(hook(request, user))
    return events


def kind_choices() -> list[tuple[str, str]]:
    return [(value, capfirst(label)) for value, label in Institution.Kind.choices]
