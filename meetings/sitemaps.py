from django.urls import reverse

from core.sitemaps import PortalSitemap

from .models import Meeting


class MeetingArchiveSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["meetings:meeting_list"]

    def location(self, item):
        return reverse(item)


class MeetingSitemap(PortalSitemap):
    changefreq = "yearly"

    def items(self):
        return Meeting.objects.published().order_by("-date")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"meeting-archive": MeetingArchiveSitemap, "meetings": MeetingSitemap}
