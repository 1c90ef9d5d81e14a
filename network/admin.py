from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import SingletonAdmin
from core.history import HistoryAdmin
from core.publishing import PublicationStatusFilter
from network.models import AccessibilityStatement, Contact, Page, Testimonial

admin.site.site_header = _("KLOSSnet administration")
admin.site.site_title = _("KLOSSnet")
admin.site.index_title = _("Content of the portal")


@admin.register(Page)
class PageAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["__str__", "title", "updated_at"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        # The pages are fixed (start, about, privacy); load_klossnet creates them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Testimonial)
class TestimonialAdmin(HistoryAdmin, TabbedTranslationAdmin):
    list_display = ["name", "role", "position", "is_published", "publish_from", "publish_until"]
    list_editable = ["position", "is_published"]
    list_filter = [PublicationStatusFilter]
    search_fields = ["name", "quote"]


@admin.register(Contact)
class ContactAdmin(SingletonAdmin):
    list_display = ["name", "role", "email", "phone"]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(SingletonAdmin):
    list_display = ["__str__", "compliance", "assessed_on", "updated_on"]
