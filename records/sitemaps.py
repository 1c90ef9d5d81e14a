from core.sitemaps import PortalSitemap
from meetings.models import Meeting

from .models import Record, Visibility


class RecordSitemap(PortalSitemap):
    changefreq = "yearly"

    def items(self):
        """Final records of published meetings with at least one public part."""
        return (
            Record.objects.final()
            .filter(
                meeting__in=Meeting.objects.published(),
                sections__visibility=Visibility.PUBLIC,
            )
            .distinct()
            .select_related("meeting")
            .order_by("-meeting__date")
        )

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"meeting-records": RecordSitemap}
