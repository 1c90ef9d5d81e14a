from django.shortcuts import redirect, render

from . import selectors


def project_list(request):
    return render(
        request,
        "projects/project_list.html",
        {"groups": selectors.projects_grouped_by_status()},
    )


def project_detail(request, slug):
    project = selectors.project_by_slug(slug)
    if project.slug != slug:
        # Reached through the Swedish slug on the English site (or an old slug): one address.
        return redirect(project, permanent=True)
    return render(
        request,
        "projects/project_detail.html",
        {"object": project, "project": project}
        | selectors.project_detail(project=project, user=request.user),
    )
