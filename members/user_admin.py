"""Admin for logins and invitations: who may log in, who is a member, and inviting people.

Imported by ``members/admin.py``. ``invite_people`` is an action for the Person admin (which
answers its ``permissions=["invite"]`` with ``may_invite``).

Powers: staff who are not superusers never change, delete or take over a login that has a
right they lack themselves (a superuser above all), by its form, password, e-mail
addresses, bulk actions or its person's erasure (``users_within_powers``); and they hand out
only rights they hold: never superuser status, only their own permissions, only groups whose
permissions are all theirs, and in the group admin (for those allowed in) the same.
"""

from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.templatetags.static import static
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_filters import ChoiceListFilter
from core.mail import failed_mail_message

from .invitations import (
    invitation_check,
    invitation_language_for,
    invitation_renew,
    invitation_resend,
    invitation_send,
)
from .models import Institution, Invitation, Person, User
from .services import signup_approve


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def may_invite(request) -> bool:
    return request.user.has_perm("members.add_invitation")


# --- Powers -------------------------------------------------------------------------------


def held_permissions(user):
    """The permissions ``user`` holds, their own and through their groups."""
    own = Permission.objects.filter(user=user).values("pk")
    through_groups = Permission.objects.filter(group__user=user).values("pk")
    return Permission.objects.filter(Q(pk__in=own) | Q(pk__in=through_groups))


def _lacked_permissions(editor):
    return Permission.objects.exclude(pk__in=held_permissions(editor).values("pk"))


def users_within_powers(*, editor, queryset=None):
    """The logins of ``queryset`` that ``editor`` may change: every one for a superuser; for
    other staff those with no right the editor lacks (never a superuser). Whoever changes a
    login can take it over (password, e-mail), so this is what keeps powers from growing."""
    queryset = User.objects.all() if queryset is None else queryset
    if editor.is_superuser:
        return queryset
    lacked = _lacked_permissions(editor)
    return (
        queryset.exclude(is_superuser=True)
        .exclude(user_permissions__in=lacked)
        .exclude(groups__permissions__in=lacked)
    )


def user_within_powers(*, editor, user) -> bool:
    if editor.is_superuser:
        return True
    if user.is_superuser:
        return False
    return users_within_powers(editor=editor, queryset=User.objects.filter(pk=user.pk)).exists()


def groups_within_powers(*, editor):
    """The groups ``editor`` may hand out: a group grants all its permissions."""
    if editor.is_superuser:
        return Group.objects.all()
    return Group.objects.exclude(permissions__in=_lacked_permissions(editor))


def _skip_out_of_powers(modeladmin, request, queryset):
    """The part of a bulk action's selection the editor may change; says what is left out."""
    allowed = users_within_powers(editor=request.user, queryset=queryset)
    skipped = queryset.count() - allowed.count()
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d login was left unchanged: it has rights you do not have (a "
                "superuser, for example). Ask a superuser.",
                "%(count)d logins were left unchanged: they have rights you do not have (a "
                "superuser, for example). Ask a superuser.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )
    return allowed


@admin.action(
    description=_("Invite the selected people to the members' area"), permissions=["invite"]
)
def invite_people(modeladmin, request, queryset):
    sent = unsent = 0
    for person in queryset.select_related("institution", "user"):
        try:
            invitation = invitation_send(
                person=person, base_url=_base_url(request), invited_by=request.user
            )
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.WARNING)
        else:
            sent += 1
            unsent += not invitation.email_sent
    if unsent:
        modeladmin.message_user(request, failed_mail_message(unsent), messages.ERROR)
    if sent:
        modeladmin.message_user(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
            % {"count": sent},
            messages.SUCCESS,
        )


class MemberStatusFilter(ChoiceListFilter):
    title = _("member status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", _("awaiting approval")),
            ("marked", _("marked as member")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(approved_at__isnull=True, is_staff=False, marked_as_member=False)
        if self.value() == "marked":
            return queryset.filter(marked_as_member=True)
        return queryset


class UserWithPersonForm(UserChangeForm):
    """The user form with the person the login belongs to (the link lives on Person)."""

    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_(
            "The person in the register this login belongs to. Together with approval, a "
            "link to a person at a current member institution makes the login a member."
        ),
    )

    class Meta(UserChangeForm.Meta):
        model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        linked = getattr(self.instance, "person", None) if self.instance.pk else None
        self.fields["person"].queryset = Person.objects.filter(
            models.Q(user__isnull=True) | models.Q(user_id=self.instance.pk)
        ).select_related("institution")
        self.fields["person"].label_from_instance = _person_label
        self.initial["person"] = linked.pk if linked else None

    def save_person_link(self, user) -> None:
        if "person" not in self.changed_data:
            return
        Person.objects.filter(user=user).update(user=None)
        person = self.cleaned_data["person"]
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])


def _person_label(person: Person) -> str:
    return f"{person.name} ({person.institution})" if person.institution_id else person.name


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserWithPersonForm
    list_display = [
        "email",
        "person_name",
        "institution",
        "member_status",
        "approved_at",
        "is_staff",
        "last_login",
    ]
    list_filter = [MemberStatusFilter, "is_staff", "is_active", "groups"]
    search_fields = ["email", "username", "person__name"]
    ordering = ["email"]
    actions = ["approve_sign_ups", "mark_as_member", "unmark_as_member"]
    fieldsets = [
        (None, {"fields": ["username", "email", "password"]}),
        (_("Membership"), {"fields": ["person", "approved_at", "marked_as_member"]}),
        (_("Name"), {"fields": ["first_name", "last_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    def get_queryset(self, request):
        current = Person.objects.filter(
            user=OuterRef("pk"), institution__in=Institution.objects.current_members()
        )
        return (
            super()
            .get_queryset(request)
            .select_related("person__institution")
            .annotate(at_member_institution=Exists(current))
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if hasattr(form, "save_person_link"):
            form.save_person_link(obj)

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser hands out superuser rights.
        if request.user.is_superuser:
            return ["last_login", "date_joined"]
        return ["last_login", "date_joined", "is_superuser"]

    def has_change_permission(self, request, obj=None):
        # Also guards the password form, which asks this with the login.
        return super().has_change_permission(request, obj) and (
            obj is None or user_within_powers(editor=request.user, user=obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or user_within_powers(editor=request.user, user=obj)
        )

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        # Others than superusers hand out only what they hold themselves.
        if request is not None and not request.user.is_superuser:
            if db_field.name == "groups":
                kwargs["queryset"] = groups_within_powers(editor=request.user)
            elif db_field.name == "user_permissions":
                kwargs["queryset"] = held_permissions(request.user).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)

    @admin.display(description=_("person"), ordering="person__name")
    def person_name(self, user):
        person = getattr(user, "person", None)
        return person.name if person else "–"

    @admin.display(description=_("institution"))
    def institution(self, user):
        person = getattr(user, "person", None)
        return person.institution if person and person.institution else "–"

    @admin.display(description=_("member status"))
    def member_status(self, user):
        if not user.is_active:
            return _("inactive")
        if user.is_staff or user.is_superuser:
            return _("staff")
        if user.marked_as_member:
            return _("member (marked)")
        if user.approved_at is None:
            return _("awaiting approval")
        if getattr(user, "at_member_institution", False):
            return _("member")
        return _("not a member: link a person at a member institution or mark as member")

    @admin.action(description=_("Approve the selected sign-ups"), permissions=["change"])
    def approve_sign_ups(self, request, queryset):
        """Approve, link the login to its person (found or created) and tell them: one step
        makes a self sign-up a member (``members.services.signup_approve``)."""
        queryset = _skip_out_of_powers(self, request, queryset)
        members, others = 0, []
        for user in queryset.filter(approved_at__isnull=True):
            if signup_approve(user=user):
                members += 1
            else:
                others.append(user.email or user.username)
        if members:
            self.message_user(
                request,
                ngettext(
                    "%(count)d sign-up approved: the login is a member now and has been told "
                    "by e-mail.",
                    "%(count)d sign-ups approved: the logins are members now and have been "
                    "told by e-mail.",
                    members,
                )
                % {"count": members},
                messages.SUCCESS,
            )
        if others:
            self.message_user(
                request,
                _(
                    "Approved, but not a member yet, since the address belongs to no current "
                    "member institution and to no person in the register: %(logins)s. Link "
                    "each login to a person at a member institution, or mark it as member."
                )
                % {"logins": ", ".join(others)},
                messages.WARNING,
            )
        if not members and not others:
            self.message_user(
                request, _("The selected logins were approved already."), messages.INFO
            )

    @admin.action(description=_("Mark the selected logins as members"), permissions=["change"])
    def mark_as_member(self, request, queryset):
        queryset = _skip_out_of_powers(self, request, queryset)
        count = queryset.update(marked_as_member=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d login marked as member.", "%(count)d logins marked as members.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Remove the member mark from the selected logins"), permissions=["change"]
    )
    def unmark_as_member(self, request, queryset):
        queryset = _skip_out_of_powers(self, request, queryset)
        count = queryset.update(marked_as_member=False)
        self.message_user(
            request,
            ngettext("%(count)d login changed.", "%(count)d logins changed.", count)
            % {"count": count},
            messages.SUCCESS,
        )


admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    """A login's addresses are the login: a password reset goes to them."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or user_within_powers(editor=request.user, user=obj.user)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or user_within_powers(editor=request.user, user=obj.user)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = users_within_powers(editor=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(
        description=_("Mark selected email addresses as verified"), permissions=["change"]
    )
    def make_verified(self, request, queryset):
        within = users_within_powers(editor=request.user)
        return super().make_verified(request, queryset.filter(user__in=within))


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """Whoever may edit groups gives them only permissions they hold, and leaves alone the
    groups that grant more than they hold."""

    def _within_powers(self, request, group) -> bool:
        return (
            request.user.is_superuser
            or not group.permissions.filter(
                pk__in=_lacked_permissions(request.user).values("pk")
            ).exists()
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or self._within_powers(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or self._within_powers(request, obj)
        )

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions" and request and not request.user.is_superuser:
            kwargs["queryset"] = held_permissions(request.user)
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["person", "email", "language"]
        help_texts = {
            "email": _("Leave empty to use the person's e-mail address."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A sent invitation is shown read-only: the admin builds this form without its fields.
        if "email" in self.fields:
            self.fields["email"].required = False
        if "language" in self.fields:
            self.fields["language"].required = False
            self.fields["language"].help_text = _(
                "The language of the e-mail. Empty: Swedish, or English for a foreign institution."
            )
        if "person" in self.fields:
            self.fields["person"].queryset = Person.objects.filter(
                user__isnull=True
            ).select_related("institution")

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        if person is not None:
            cleaned["email"] = cleaned.get("email") or person.email
            cleaned["language"] = cleaned.get("language") or invitation_language_for(person)
            try:
                invitation_check(person=person, email=cleaned["email"])
            except ValidationError as error:
                self.add_error("email" if person.user_id is None else "person", error)
        return cleaned

    def _post_clean(self):
        # The token and dates are made by invitation_send, not by the form.
        pass


class InvitationStatusFilter(ChoiceListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("waiting", _("waiting")), ("expired", _("expired")), ("used", _("used"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "waiting":
            return queryset.filter(used_at__isnull=True, expires_at__gt=now)
        if self.value() == "expired":
            return queryset.filter(used_at__isnull=True, expires_at__lte=now)
        if self.value() == "used":
            return queryset.filter(used_at__isnull=False)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    form = InvitationForm
    list_display = ["person", "status", "email", "language", "created_at", "expires_at"]
    list_select_related = ["person"]
    list_filter = [InvitationStatusFilter, "language"]
    actions = ["resend", "renew"]
    search_fields = ["person__name", "email"]
    readonly_fields = ["created_at", "expires_at", "used_at", "invited_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["person", "email", "language"]
        return ["person", "email", "language", "created_at", "expires_at", "used_at", "invited_by"]

    def has_change_permission(self, request, obj=None):
        # An invitation is sent, not edited: send a new one instead.
        return False

    @admin.display(description=_("status"))
    def status(self, invitation):
        if invitation.used_at:
            return _("used")
        if not invitation.is_usable:
            # Marked by more than its word: the admin's "no" icon, as its boolean columns.
            return format_html(
                '<img src="{}" alt="" width="13" height="13"> <strong>{}</strong>',
                static("admin/img/icon-no.svg"),
                _("expired"),
            )
        return _("waiting")

    def _each(self, request, queryset, action) -> int:
        done = 0
        for invitation in queryset.select_related("person__institution", "person__user"):
            try:
                action(invitation)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                done += 1
        return done

    @admin.action(
        description=_("Send the selected invitations again (with a new link)"),
        permissions=["add"],
    )
    def resend(self, request, queryset):
        unsent = 0

        def resend_one(invitation):
            nonlocal unsent
            sent = invitation_resend(
                invitation=invitation, base_url=_base_url(request), invited_by=request.user
            )
            unsent += not sent.email_sent

        done = self._each(request, queryset, resend_one)
        if unsent:
            self.message_user(request, failed_mail_message(unsent), messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation sent again; the earlier link no longer works.",
                    "%(count)d invitations sent again; the earlier links no longer work.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Renew the selected invitations (the link already sent works again)"),
        permissions=["add"],
    )
    def renew(self, request, queryset):
        done = self._each(
            request, queryset, lambda invitation: invitation_renew(invitation=invitation)
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d invitation renewed: its link works until %(date)s.",
                    "%(count)d invitations renewed: their links work until %(date)s.",
                    done,
                )
                % {
                    "count": done,
                    "date": formats.date_format(
                        timezone.localdate() + Invitation.LIFETIME, "DATE_FORMAT"
                    ),
                },
                messages.SUCCESS,
            )

    def save_model(self, request, obj, form, change):
        invitation = invitation_send(
            person=form.cleaned_data["person"],
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            base_url=_base_url(request),
            invited_by=request.user,
        )
        # The admin goes on with ``obj`` (messages, redirect): make it the saved invitation.
        obj.__dict__.update(invitation.__dict__)
        if not invitation.email_sent:
            self.message_user(request, failed_mail_message(1), messages.ERROR)
