from django.shortcuts import redirect, render

from core.pagecache import deferred_context
from core.publishing import is_preview, preview_response

from . import selectors


def project_list(request):
    # The same for every reader: worked out only when the list is not in the fragment cache.
    return render(
        request,
        "projects/project_list.html",
        deferred_context(lambda: {"groups": selectors.projects_grouped_by_status()}, "groups"),
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
