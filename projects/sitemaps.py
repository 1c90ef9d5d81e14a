from django.urls import reverse

from core.sitemaps import PortalSitemap

from .models import Project


class ProjectListSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["projects:project_list"]

    def location(self, item):
        return reverse(item)


class ProjectSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Project.objects.published().order_by("pk")


SITEMAPS = {"project-list": ProjectListSitemap, "projects": ProjectSitemap}
