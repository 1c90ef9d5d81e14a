"""The public guests page, and the page where a guest sends their slides."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.pagecache import deferred_context

from . import selectors
from .forms import SlideUploadForm
from .links import LinkExpired, LinkInvalid, talk_from_token


@require_GET
def guest_list(request):
    # Worked out only when the page's list is not in the fragment cache: it grows with every
    # meeting, and every reader sees it alike.
    return render(
        request,
        "guests/guest_list.html",
        deferred_context(selectors.guest_page, "kinds", "people"),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def slides_upload(request, token):
    """A guest uploads the slides of their talk through the signed link (no login)."""
    try:
        talk = talk_from_token(token)
    except LinkExpired:
        return render(request, "guests/slides_link_invalid.html", {"expired": True}, status=410)
    except LinkInvalid:
        return render(request, "guests/slides_link_invalid.html", {"expired": False}, status=400)
    form = SlideUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        form.instance.talk = talk
        form.save()
        return render(request, "guests/slides_thanks.html", {"talk": talk})
    return render(
        request,
        "guests/slides_upload.html",
        {"talk": talk, "meeting": talk.agenda_item.meeting, "form": form},
        status=400 if form.is_bound else 200,
    )
