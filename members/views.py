"""Public pages: the institution directory and one page per institution."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from .forms import InstitutionFilterForm
from .selectors import (
    country_name,
    institution_directory,
    institution_for_slug,
    institution_sections,
    representatives_for_display,
)


def institution_list(request):
    form = InstitutionFilterForm(request.GET or None)
    kind = form.selected_kind if form.is_bound else ""
    return render(
        request,
        "members/institution_list.html",
        {"form": form, "directory": institution_directory(kind=kind), "filtered": bool(kind)},
    )


def institution_detail(request, slug):
    institution = institution_for_slug(slug)
    if institution is None:
        raise Http404
    if institution.slug != slug:
        # Reached through the Swedish slug on another language's page: use that one's.
        return redirect(institution.get_absolute_url(), permanent=True)
    other_language = next(code for code, _name in settings.LANGUAGES if code != get_language())
    return render(
        request,
        "members/institution_detail.html",
        {
            "object": institution,
            "institution": institution,
            "other_language": other_language,
            "other_name": getattr(institution, f"name_{other_language}") or "",
            "country": country_name(institution.country),
            "predecessors": list(institution.predecessors.all()),
            "representatives": representatives_for_display(
                institution=institution, user=request.user
            ),
            "sections": institution_sections(institution),
        },
    )
