"""The network-level pages and the site's plumbing (health check, robots.txt, errors)."""

import sys

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.middleware import UNAVAILABLE, database_unavailable_response
from core.pagecache import deferred_context
from meetings import selectors as meetings_selectors
from members.login_limits import client_address
from network.models import AccessibilityStatement, Contact, Page, Testimonial
from overview import numbers, places
from overview.geo import base_map

from . import services
from .forms import ContactForm
from .selectors import home_sections

# How many meetings held the start page lists (the archive is one click away).
LATEST_MEETINGS = 3


def _page(key: str) -> Page:
    page = Page.objects.filter(key=key).first()
    if page is None:
        raise Http404
    return page


def home(request):
    """What is happening first: the next meeting, where the network has met, its numbers,
    the latest meetings and what other apps add (``home_sections``); then the network's text.
    A fixed number of queries, whatever the size of the archive."""
    next_meeting = (
        meetings_selectors.meeting_list()
        .upcoming()
        .select_related("registration_window")  # its status on the card, without a query
        .first()
    )
    return render(
        request,
        "network/home.html",
        {
            "page": _page(Page.Key.HOME),
            "testimonials": Testimonial.objects.published(),
            "next_meeting": next_meeting,
            "latest_meetings": list(meetings_selectors.meeting_list().past()[:LATEST_MEETINGS]),
            # Worked out only when their part of the page is not in the fragment cache.
            **deferred_context(
                lambda: {
                    "map": base_map(),
                    "places": places.meeting_places().places,
                    "totals": numbers.network_totals(),
                },
                "map",
                "places",
                "totals",
            ),
            "sections": home_sections(request),
        },
    )


def about(request):
    return render(request, "network/page.html", {"page": _page(Page.Key.ABOUT)})


def privacy(request):
    return render(request, "network/page.html", {"page": _page(Page.Key.PRIVACY)})


def accessibility(request):
    statement = AccessibilityStatement.objects.first()
    if statement is None:
        raise Http404
    return render(request, "network/accessibility.html", {"statement": statement})


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    """The coordinator's contact and a form that mails them. A valid message is counted
    against the client's limit, then sent (unless a robot filled in the trap field, which
    is told the same as a person), and the page comes back empty with a confirmation; an
    invalid one comes back as it was written, with what to fix."""
    site_contact = Contact.objects.filter(pk=Contact.singleton_pk).first()
    recipients = services.contact_recipients(contact=site_contact)
    form = ContactForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and recipients and form.is_valid():
        if services.contact_rate_limited(client=client_address(request)):
            form.add_error(
                None,
                _(
                    "You have sent several messages in a short time. Please wait an hour "
                    "before you send another, or call the coordinator."
                ),
            )
            status = 429
        else:
            if not form.is_trapped:
                services.contact_message_send(
                    recipients=recipients,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    message=form.cleaned_data["message"],
                )
            messages.success(
                request,
                _(
                    "Thank you for your message. It is on its way to the network's "
                    "coordinator, who will answer you at %(email)s."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("contact")
    return render(
        request,
        "network/contact.html",
        {"contact": site_contact, "form": form if recipients else None},
        status=status,
    )


@never_cache
def admin_login(request):
    """The admin's login page sends staff to the portal's one log-in, with its limits.

    Django's own admin login checks passwords without any limit on guessing; this view takes
    its address (``admin:login``, where the admin sends anyone it does not let in), so no
    password is ever checked here.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, reverse("account_login"))
    if admin.site.has_permission(request):
        return redirect(next_url)
    # Logged in without access: sending them to log in again would come straight back here.
    return render(request, "network/staff_only.html", status=403)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    private = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            # The account pages and the members' area, under their translated prefixes.
            private += [f"/{code}/{translation.gettext('account/')}", reverse("members_area:start")]
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: {path}" for path in private),
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    # Resolved per request: the hashed static name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for the load balancer)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """A form refused for a missing or stale security token (``CSRF_FAILURE_VIEW``): the
    portal's page in the visitor's language, saying what to do, instead of Django's bare
    page (English markup, no landmarks, an inline style the CSP blocks)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    # A lost database outside a view (e.g. in a middleware): 503, not 500.
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return database_unavailable_response()
    # Rendered without a request context: no context processor may touch the database,
    # which may be the reason we are here.
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
