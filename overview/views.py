"""The archive's overview pages: theme memory, the map of meeting places, the numbers."""

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from core import charts
from core.pagecache import deferred_context
from members.permissions import is_member

from . import numbers, places, themes
from .geo import base_map


@require_GET
def theme_list(request):
    summaries = themes.theme_index()
    return render(
        request,
        "overview/theme_list.html",
        {"summaries": summaries, "taken_up": [s for s in summaries if s.total]},
    )


# Two meetings a year and a few projects: one page holds a theme's timeline for years.
TIMELINE_PER_PAGE = 20


@require_GET
def theme_detail(request, slug):
    theme = themes.theme_by_slug(slug, translation.get_language() or settings.LANGUAGE_CODE)
    if theme is None:
        raise Http404
    if theme.slug != slug:
        # The other language's slug (or an old one): one address per page and language.
        return redirect(theme, permanent=True)
    member = is_member(request.user)
    number = request.GET.get("page")

    def timeline_page() -> dict:
        timeline, page = themes.theme_timeline_page(
            theme, number=number, per_page=TIMELINE_PER_PAGE
        )
        hidden_documents = False
        for entry in timeline:
            if entry.kind != "meeting":
                continue
            documents = list(entry.object.documents.all())
            entry.documents = [d for d in documents if member or d.is_public]
            hidden_documents = hidden_documents or len(entry.documents) < len(documents)
        return {"timeline": timeline, "page": page, "has_hidden_documents": hidden_documents}

    return render(
        request,
        "overview/theme_detail.html",
        {
            "object": theme,
            "theme": theme,
            "member": member,  # members see every document: their timeline is their own
            "page_number": number or "",
            "query": QueryDict(),  # the pager's links keep no other parameter
            # Worked out only when the page's timeline is not in the fragment cache.
            **deferred_context(timeline_page, "timeline", "page", "has_hidden_documents"),
            "sections": _theme_sections(request, theme),
        },
    )


def _theme_sections(request, theme) -> list[dict]:
    """What other apps add to the theme's page (contract: ``overview.apps``)."""
    sections: list[dict] = []
    for app_config in apps.get_app_configs():
        if path := getattr(app_config, "theme_sections", None):
            for number, section in enumerate(import_string(path)(request, theme), start=1):
                sections.append({"id": f"{app_config.label}-{number}", **section})
    return sorted(sections, key=lambda section: section.get("order", 0))


@require_GET
def places_map(request):
    # The same for every reader: worked out only when the page's fragment is not cached.
    context = deferred_context(
        lambda: {
            "map": base_map(),
            "found": places.meeting_places(),
            "hosts": places.hosts_so_far(),
        },
        "map",
        "found",
        "hosts",
    )
    return render(request, "overview/places.html", context)


NUMBERS = (
    "per_year",
    "per_year_chart",
    "per_year_desc",
    "hosts",
    "hosts_other",
    "hosts_chart",
    "hosts_desc",
    "participation",
    "participation_top",
    "participation_other",
    "participation_chart",
    "participation_desc",
    "figures",
    "page",
)
# Rows of the table of every institution's figures: the real network's ~40 on one page.
FIGURES_PER_PAGE = 40


@require_GET
def network_in_numbers(request):
    number = request.GET.get("page")
    # The same for every reader: worked out only when the page's fragment is not cached.
    context = deferred_context(lambda: _numbers(number), *NUMBERS)
    return render(
        request,
        "overview/numbers.html",
        {**context, "page_number": number or "", "query": QueryDict()},
    )


def _other_line(other) -> str:
    """The institutions a chart leaves out, as the line under it and in its description."""
    if not other:
        return ""
    return ngettext(
        "%(count)s other institution together: %(values)s",
        "%(count)s other institutions together: %(values)s",
        other.count,
    ) % {"count": other.count, "values": ", ".join(map(str, other.values))}


def _bar_chart(rows, other):
    return charts.bar_chart([(row.label, row.values) for row in rows], note=_other_line(other))


def _described(rows, other) -> str:
    """The chart's rows for its description, as the table beside it shows them."""
    parts = [f"{row.label}: {', '.join(map(str, row.values))}" for row in rows]
    return "; ".join([*parts, _other_line(other)] if other else parts)


def _numbers(page_number) -> dict:
    per_year = numbers.meetings_per_year()
    every_host = numbers.hosts_per_institution()
    participation = numbers.participation_per_institution()
    hosts, hosts_other = numbers.top_rows(every_host)
    participation_top, participation_other = numbers.top_rows(participation.rows)
    figures = numbers.institution_figures(every_host, participation)
    return {
        "per_year": per_year,
        "per_year_chart": charts.column_chart([(str(y), n) for y, n in per_year]),
        "per_year_desc": _("Column chart. Meetings held per year: %(data)s.")
        % {"data": "; ".join(f"{year}: {count}" for year, count in per_year)},
        "hosts": hosts,
        "hosts_other": hosts_other,
        "hosts_chart": _bar_chart(hosts, hosts_other),
        "hosts_desc": _("Bar chart. Meetings hosted per institution: %(data)s.")
        % {"data": _described(hosts, hosts_other)},
        "participation": participation,
        "participation_top": participation_top,
        "participation_other": participation_other,
        "participation_chart": _bar_chart(participation_top, participation_other),
        "participation_desc": (
            _("Bar chart. People who took part and meetings attended per institution: %(data)s.")
            if participation.source == "registrations"
            else _("Bar chart. Meetings hosted and steering-group terms per institution: %(data)s.")
        )
        % {"data": _described(participation_top, participation_other)},
        "figures": figures,
        "page": Paginator(figures.rows, FIGURES_PER_PAGE).get_page(page_number),
    }
