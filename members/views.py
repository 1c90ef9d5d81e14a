"""Public pages: the institution directory and one page per institution."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from core.pagecache import deferred_context, form_query

from .forms import InstitutionFilterForm
from .models import Institution
from .selectors import (
    country_name,
    institution_directory_page,
    institution_for_slug,
    institution_sections,
    representatives_for_display,
)

# The real network has about 40 members and a handful of former ones: one page for years.
INSTITUTIONS_PER_PAGE = 60


def institution_list(request):
    form = InstitutionFilterForm(request.GET or None)
    kind = form.selected_kind if form.is_bound else ""
    number = request.GET.get("page")
    return render(
        request,
        "members/institution_list.html",
        {
            "form": form,
            "query": form_query(form),  # what the pager's links keep
            "kind": kind,
            "page_number": number or "",
            "filtered": bool(kind),
            "member_count": Institution.objects.current_members().count(),
            # Worked out only when the page's list is not in the fragment cache.
            **deferred_context(
                lambda: dict(
                    zip(
                        ("directory", "page"),
                        institution_directory_page(
                            kind=kind, number=number, per_page=INSTITUTIONS_PER_PAGE
                        ),
                        strict=True,
                    )
                ),
                "directory",
                "page",
            ),
        },
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
