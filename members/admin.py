"""The coordinator's admin for institutions, people and representations.

Nothing the archive refers to is deleted: institutions and people are protected
(``on_delete=PROTECT``) and the admin then explains why and what to do instead (set an end
date). The User and Invitation admins belong to the accounts work (issue 6) and live in
``members/user_admin.py``, imported here.
"""

from django.contrib import admin, messages
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_filters import ChoiceListFilter
from core.history import HistoryAdmin
from core.imports import ImportExportAdmin

from .models import Institution, Person, Representation
from .resources import PersonResource, RepresentationResource
from .services import (
    institution_membership_end,
    person_consent_touch,
    person_erase,
    person_photo_strip_metadata,
)

# Logins and invitations (issue 6) have their own module; importing it registers the User
# and Invitation admins, and it gives the Person admin its "invite" action.
from .user_admin import invite_people, may_invite, users_within_powers

# Swedish (via the catalogue) help texts for fields whose model has none.
ADMIN_HELP_TEXTS = {
    "name": _("The official name, as the institution writes it in each language."),
    "slug": _(
        "The last part of the page address, e.g. “uppsala-universitet”. Filled in from the "
        "name; change it only before the page is published."
    ),
    "kind": _("Used to group the institutions in the public directory."),
    "city": _("Where the institution is based (in English e.g. Gothenburg for Göteborg)."),
    "website": _("The full address, beginning with https://."),
    "member_since": _("When the institution joined KLOSSnet. Empty: not a member."),
    "started_on": _("When the vice-chancellor appointed the representative."),
    "ended_on": _("Leave empty while the person represents the institution."),
    "name_person": _("First name and surname, as the person writes them."),
}


class HelpTextMixin:
    """Adds ADMIN_HELP_TEXTS to fields, also to their language versions (name_sv, name_en),
    and takes addresses typed without a scheme as https."""

    help_text_overrides: dict = {}
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None or formfield.help_text:
            return formfield
        base = db_field.name.removesuffix("_sv").removesuffix("_en")
        help_text = self.help_text_overrides.get(base) or ADMIN_HELP_TEXTS.get(base)
        if help_text:
            formfield.help_text = help_text
        return formfield


def _thumbnail(image_field, alt: str):
    if not image_field:
        return _("No image uploaded.")
    return format_html(
        '<img src="{}" alt="{}" height="80" class="admin-thumbnail">', image_field.url, alt
    )


class CurrentMemberFilter(ChoiceListFilter):
    title = _("current member")
    parameter_name = "current_member"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        current = Institution.objects.current_members()
        if self.value() == "yes":
            return queryset.filter(pk__in=current.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=current.values("pk"))
        return queryset


class CurrentRepresentationFilter(ChoiceListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        current = Representation.objects.current()
        if self.value() == "yes":
            return queryset.filter(pk__in=current.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=current.values("pk"))
        return queryset


class RepresentationInline(HelpTextMixin, admin.TabularInline):
    model = Representation
    fk_name = "institution"
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "started_on", "ended_on"]
    verbose_name = _("representative")
    verbose_name_plural = _("representatives (appointed by the vice-chancellor)")


class PersonRepresentationInline(HelpTextMixin, admin.TabularInline):
    model = Representation
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["institution"]
    fields = ["institution", "started_on", "ended_on"]


@admin.register(Institution)
class InstitutionAdmin(HelpTextMixin, HistoryAdmin, TabbedTranslationAdmin):
    list_display = [
        "name",
        "short_name",
        "kind",
        "city",
        "member_since",
        "member_until",
        "current_member",
    ]
    list_filter = ["kind", CurrentMemberFilter]
    search_fields = ["name_sv", "name_en", "short_name", "city_sv", "city_en"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["successor"]
    readonly_fields = ["logo_preview"]
    inlines = [RepresentationInline]
    actions = ["end_membership_today"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "city", "country", "website"]}),
        (
            _("Place on the map"),
            {
                "fields": ["latitude", "longitude"],
                "description": _(
                    "The main campus, in decimal degrees (WGS 84), e.g. from a map service's "
                    "“what's here?”. Shown as a point on the map of where the network met."
                ),
            },
        ),
        (_("Logo"), {"fields": ["logo", "logo_preview"]}),
        (
            _("Membership"),
            {
                "fields": ["member_since", "member_until", "successor"],
                "description": _(
                    "An institution that leaves the network gets a “member until” date; it is "
                    "never deleted, so the archive keeps its history."
                ),
            },
        ),
        (_("Sign-up"), {"fields": ["email_domains"]}),
    ]

    @admin.display(description=_("current member"), boolean=True)
    def current_member(self, obj):
        return obj.is_current_member

    @admin.display(description=_("logo as shown"))
    def logo_preview(self, obj):
        return _thumbnail(obj.logo, obj.name)

    @admin.action(
        description=_("End the membership of the selected institutions today"),
        permissions=["change"],
    )
    def end_membership_today(self, request, queryset):
        today = timezone.localdate()
        with transaction.atomic():
            ended = sum(
                institution_membership_end(institution=institution, on=today)
                for institution in queryset
            )
        self.message_user(
            request,
            ngettext(
                "%(count)d membership ended today; the institution stays in the archive.",
                "%(count)d memberships ended today; the institutions stay in the archive.",
                ended,
            )
            % {"count": ended},
            messages.SUCCESS,
        )
        if ended < len(queryset):
            self.message_user(
                request,
                _("Institutions that were not members today were left unchanged."),
                messages.WARNING,
            )


@admin.register(Person)
class PersonAdmin(ImportExportAdmin, HelpTextMixin, HistoryAdmin, TabbedTranslationAdmin):
    resource_classes = [PersonResource]
    list_display = ["name", "title", "institution", "publication_consent"]
    list_filter = ["institution", "publication_consent"]
    list_select_related = ["institution"]
    search_fields = ["name", "email", "title_sv", "title_en", "institution__short_name"]
    autocomplete_fields = ["institution"]
    readonly_fields = ["photo_preview", "consent_changed_at", "user"]
    inlines = [PersonRepresentationInline]
    actions = [invite_people, "erase_people"]
    help_text_overrides = {"name": ADMIN_HELP_TEXTS["name_person"]}
    fieldsets = [
        (None, {"fields": ["name", "title", "institution"]}),
        (_("Contact details"), {"fields": ["email", "phone"]}),
        (_("Photo"), {"fields": ["photo", "photo_alt", "photo_preview"]}),
        (
            _("Consent"),
            {
                "fields": ["publication_consent", "consent_changed_at"],
                "description": _(
                    "Contact details and photo are shown to the public only with the "
                    "person’s consent. Withdrawing consent is as easy as giving it: untick."
                ),
            },
        ),
        (_("Login"), {"fields": ["user"]}),
    ]

    @admin.display(description=_("photo as shown"))
    def photo_preview(self, obj):
        return _thumbnail(obj.photo, obj.photo_alt)

    def has_invite_permission(self, request):
        return may_invite(request)

    @admin.action(
        description=_("Erase the selected people at their request (GDPR)"),
        permissions=["delete"],
    )
    def erase_people(self, request, queryset):
        """Erase after a confirmation page that says what goes and what stays."""
        # Erasing deletes the login: never one with rights the eraser lacks (a superuser).
        beyond = queryset.filter(user__isnull=False).exclude(
            user__in=users_within_powers(editor=request.user)
        )
        if beyond.exists():
            self.message_user(
                request,
                _(
                    "Nothing was erased: %(names)s has a login with rights you do not have "
                    "(a superuser, for example). Ask a superuser to erase them."
                )
                % {"names": ", ".join(person.name for person in beyond)},
                messages.ERROR,
            )
            return None
        if request.POST.get("confirm_erase") == "yes":
            people = list(queryset)
            for person in people:
                person_erase(person=person)
            self.message_user(
                request,
                ngettext(
                    "%(count)d person was erased, with their links and login.",
                    "%(count)d people were erased, with their links and logins.",
                    len(people),
                )
                % {"count": len(people)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase people"),
            "opts": self.model._meta,
            "people": queryset.select_related("institution", "user"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/members/person/erase_confirmation.html", context)

    def save_model(self, request, obj, form, change):
        if "photo" in form.changed_data:
            person_photo_strip_metadata(person=obj)
        if "publication_consent" in form.changed_data or (not change and obj.publication_consent):
            person_consent_touch(person=obj)
        super().save_model(request, obj, form, change)


@admin.register(Representation)
class RepresentationAdmin(ImportExportAdmin, HelpTextMixin, HistoryAdmin):
    resource_classes = [RepresentationResource]
    list_display = ["person", "institution", "started_on", "ended_on", "current"]
    list_filter = [CurrentRepresentationFilter, "institution"]
    list_select_related = ["person", "institution"]
    search_fields = ["person__name", "institution__name_sv", "institution__short_name"]
    autocomplete_fields = ["person", "institution"]
    date_hierarchy = "started_on"

    @admin.display(description=_("current"), boolean=True)
    def current(self, obj):
        return obj.is_current
