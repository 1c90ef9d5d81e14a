from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation

from core.pagecache import deferred_context

from . import selectors
from .models import SteeringGroup, WorkingGroup


def steering_group(request):
    # The lists are the same for every reader: worked out only when they are not in the
    # fragment cache.
    return render(
        request,
        "steering/steering_group.html",
        {
            "group": SteeringGroup.load(),
            **deferred_context(
                lambda: {
                    "current": selectors.current_memberships(),
                    "former": selectors.former_compositions(),
                    "working_groups": selectors.working_groups(),
                },
                "current",
                "former",
                "working_groups",
            ),
        },
    )


def working_group_detail(request, slug):
    language = translation.get_language() or settings.LANGUAGE_CODE
    group = (
        WorkingGroup.objects.filter(**{f"slug_{language}": slug}).first()
        or WorkingGroup.objects.filter(slug_sv=slug).first()
    )
    if group is None:
        raise Http404
    if group.slug != slug:
        return redirect(group, permanent=True)
    return render(
        request,
        "steering/working_group_detail.html",
        {
            "object": group,
            "group": group,
            "members": list(group.memberships.current().select_related("person", "institution")),
            "former_members": list(
                group.memberships.former().select_related("person", "institution")
            ),
            "sections": selectors.working_group_sections([group]).get(group.pk, []),
        },
    )
