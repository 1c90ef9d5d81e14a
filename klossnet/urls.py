from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import mail_tracking, mail_views
from core.sitemaps import collect_sitemaps
from members import calendar as members_calendar
from network import views
from search import views as search_views

handler404 = "network.views.page_not_found"
handler500 = "network.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": collect_sitemaps()},
        name="sitemap",
    ),
    # Before the admin's own URLs: its login page sends staff to the one log-in.
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    # The open data API: one address for both languages (every text comes in both).
    path("api/v1/", include("api.urls")),
    # A member's personal calendar: the key in the address is the credential.
    path("calendar/<str:token>.ics", members_calendar.personal_ical, name="members_calendar"),
    # A mail provider's bounces and spam reports, only where one is configured with a secret.
    *mail_tracking.webhook_urls(),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("about/"), views.about, name="about"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
    path(_("contact/"), views.contact, name="contact"),
    path(_("search/"), search_views.search, name="search"),
    path(_("institutions/"), include("members.urls")),
    # The archive's overview pages (themes, places, numbers) before its meeting pages.
    path(_("meetings/"), include("overview.urls")),
    path(_("meetings/"), include("records.urls")),
    path(_("meetings/"), include("guests.urls")),
    path(_("meetings/"), include("meetings.urls")),
    path(_("steering-group/"), include("steering.urls")),
    path(_("projects/"), include("projects.urls")),
    path(_("account/"), include("allauth.urls")),
    path(_("members/"), include("members.area_urls")),
    path(_("members/"), include("meetings.registration.urls")),
    path(_("members/"), include("records.area_urls")),
    path(_("members/"), include("feedback.results_urls")),
    path(_("members/"), include("feedback.area_urls")),
    # The one-click unsubscribe of e-mails (RFC 8058): the signed token is the credential.
    path(_("unsubscribe/<str:token>/"), mail_views.unsubscribe, name="mail_unsubscribe"),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
