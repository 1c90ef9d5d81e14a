"""The public guests page, and the page where a guest sends their slides."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def guest_list(request):
    return render(request, "guests/guest_list.html", selectors.guest_page())
