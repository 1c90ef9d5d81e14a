from django.http import QueryDict
from django.shortcuts import redirect, render

from core.pagecache import deferred_context
from core.publishing import is_preview, preview_response

from . import selectors

# A card with its sub-projects each: the seed's projects and years more on one page.
PROJECTS_PER_PAGE = 20


def project_list(request):
    number = request.GET.get("page")
    return render(
        request,
        "projects/project_list.html",
        {
            "page_number": number or "",
            "query": QueryDict(),  # the pager's links keep no other parameter
            # The same for every reader: worked out only when the list is not in the
            # fragment cache.
            **deferred_context(
                lambda: dict(
                    zip(
                        ("groups", "page"),
                        selectors.project_list_page(number=number, per_page=PROJECTS_PER_PAGE),
                        strict=True,
                    )
                ),
                "groups",
                "page",
            ),
        },
    )


def project_detail(request, slug):
    preview = is_preview(request)
    project = selectors.project_by_slug(slug, include_drafts=preview)
    if project.slug != slug:
        # Reached through the Swedish slug on the English site (or an old slug): one address.
        return redirect(project, permanent=True)
    response = render(
        request,
        "projects/project_detail.html",
        {"object": project, "project": project, "preview_object": project if preview else None}
        | selectors.project_detail(project=project, user=request.user),
    )
    return preview_response(response) if preview else response
