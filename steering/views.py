from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils import translation

from core.pagecache import deferred_context

from . import selectors
from .models import SteeringGroup, WorkingGroup

# Six or so people each, and one a year at most: five years of the group on a page.
COMPOSITIONS_PER_PAGE = 5


# Beside the group, the newest working groups; every one on the working groups' page.
WORKING_GROUPS_SHOWN = 5
WORKING_GROUPS_PER_PAGE = 20


def steering_group(request):
    number = request.GET.get("page")

    def lists() -> dict:
        former, page = selectors.former_compositions_page(
            number=number, per_page=COMPOSITIONS_PER_PAGE
        )
        groups, more = selectors.working_groups(limit=WORKING_GROUPS_SHOWN)
        return {
            "current": selectors.current_memberships(),
            "former": former,
            "page": page,
            "working_groups": groups,
            "more_working_groups": more,
        }

    # The lists are the same for every reader: worked out only when they are not in the
    # fragment cache.
    return render(
        request,
        "steering/steering_group.html",
        {
            "group": SteeringGroup.load(),
            "page_number": number or "",
            "query": QueryDict(),  # the pager's links keep no other parameter
            **deferred_context(
                lists, "current", "former", "page", "working_groups", "more_working_groups"
            ),
        },
    )


def working_group_list(request):
    number = request.GET.get("page")
    # The same for every reader: worked out only when the list is not in the fragment cache.
    return render(
        request,
        "steering/working_group_list.html",
        {
            "page_number": number or "",
            "query": QueryDict(),
            **deferred_context(
                lambda: {
                    "page": selectors.working_groups_page(
                        number=number, per_page=WORKING_GROUPS_PER_PAGE
                    )
                },
                "page",
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
