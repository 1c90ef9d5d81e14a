"""The members' area: start page, member directory, profile, e-mail settings, and accepting
an invitation.

Every view here except ``invitation_accept`` requires membership (``member_required``);
the test suite walks the URL configuration to make sure of it.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.mail_kinds import optional_mail_kinds
from core.mail_preferences import mail_language, mail_preferences_set, mail_switched_off

from .calendar import personal_ical_url
from .invitations import invitation_accept as accept_invitation
from .invitations import invitation_find
from .models import Institution, Person, Representation
from .permissions import member_required
from .selectors import members_area_sections
from .services import person_consent_touch, person_photo_strip_metadata


@member_required
def start(request):
    return render(
        request,
        "members/area/start.html",
        {"person": _own_person(request.user), "sections": members_area_sections(request)},
    )


@member_required
def directory(request):
    representations = (
        Representation.objects.current()
        .filter(institution__in=Institution.objects.current_members())
        .select_related("person", "institution")
        .order_by("institution__name", "person__name")
    )
    return render(request, "members/area/directory.html", {"representations": representations})


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "title_sv",
            "title_en",
            "email",
            "phone",
            "photo",
            "photo_alt",
            "publication_consent",
        ]
        labels = {
            "title_sv": gettext_lazy("Title in Swedish"),
            "title_en": gettext_lazy("Title in English"),
        }
        help_texts = {
            "publication_consent": gettext_lazy(
                "Tick to let the public site show your e-mail address, phone number and "
                "photo. Untick to withdraw your consent at any time; members still see "
                "your contact details here."
            ),
        }


@member_required
def profile(request):
    if request.method == "POST" and "calendar_key" in request.POST:
        return _new_calendar_key(request)
    person = _own_person(request.user)
    if person is None:
        return render(
            request,
            "members/area/profile.html",
            {"form": None, "calendar_url": personal_ical_url(request, request.user)},
        )
    form = ProfileForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        if "photo" in form.changed_data:
            person_photo_strip_metadata(person=person)
        if "publication_consent" in form.changed_data:
            person_consent_touch(person=person)
        person.save()
        messages.success(request, _("Your details have been saved."))
        return redirect("members_area:profile")
    return render(
        request,
        "members/area/profile.html",
        {"form": form, "person": person, "calendar_url": personal_ical_url(request, request.user)},
    )


class MailPreferencesForm(forms.Form):
    """What a member receives: each kind of e-mail they may switch off, and the language."""

    receives = forms.MultipleChoiceField(
        label=gettext_lazy("E-mails I receive"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Untick what you do not want. Confirmations of what you do yourself (a "
            "registration, a password reset, an invitation) always reach you."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of e-mails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receives"].choices = [
            (kind.code, kind.label) for kind in optional_mail_kinds()
        ]


@member_required
def mail_preferences(request):
    user = request.user
    switched_off = mail_switched_off(user)
    form = MailPreferencesForm(
        request.POST or None,
        initial={
            "receives": [
                kind.code for kind in optional_mail_kinds() if kind.code not in switched_off
            ],
            "language": mail_language(user),
        },
    )
    if request.method == "POST" and form.is_valid():
        mail_preferences_set(user=user, receives=set(form.cleaned_data["receives"]))
        user.language = form.cleaned_data["language"]
        user.save(update_fields=["language"])
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("members_area:mail_preferences")
    return render(request, "members/area/mail_preferences.html", {"form": form})


def _new_calendar_key(request):
    """Create the personal calendar address, or replace it (the old one stops working)."""
    replacing = bool(request.user.calendar_token)
    request.user.new_calendar_token()
    if replacing:
        messages.success(
            request, _("Your calendar has a new address; the old one no longer works.")
        )
    else:
        messages.success(request, _("Your personal calendar address is ready."))
    return redirect("members_area:profile")


def _own_person(user) -> Person | None:
    return Person.objects.select_related("institution").filter(user_id=user.pk).first()


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 8 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token: str):
    """Public: the link in the invitation e-mail. Sets the password and logs the person in."""
    invitation = invitation_find(token=token)
    if invitation is None:
        return render(request, "members/area/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(invitation=invitation, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Welcome to KLOSSnet's members' area."))
            return redirect("members_area:start")
    return render(
        request, "members/area/invitation_accept.html", {"form": form, "invitation": invitation}
    )
