from django.urls import reverse

from core.sitemaps import PortalSitemap

from .models import WorkingGroup


class SteeringGroupSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["steering:steering_group", "steering:working_group_list"]

    def location(self, item):
        return reverse(item)


class WorkingGroupSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return WorkingGroup.objects.order_by("pk")


SITEMAPS = {"steering": SteeringGroupSitemap, "working-groups": WorkingGroupSitemap}
