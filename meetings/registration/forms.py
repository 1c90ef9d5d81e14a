"""The registration form: which parts, and the details the coordinator needs."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.models import Institution, Person

from .models import Entry, Part

FOREIGN_PART = _("That is not a part of this meeting. Reload the page and choose again.")


class PartChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, part):
        return part_label(part)


class PartsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, part):
        return part_label(part)


def part_label(part: Part, held: Entry | None = None) -> str:
    """The part's name, time and whether places are left (counts annotated on the part).

    ``held``: the registration's own entry for the part, when changing one. Its place is
    its own, counted among the confirmed: not "full" to the one who holds it.
    """
    when = part.start.strftime("%H:%M") + "–" + part.end.strftime("%H:%M")
    label = f"{part.name} ({when})"
    if held is not None:
        if held.is_confirmed:
            return f"{label} – " + str(_("confirmed place in this registration"))
        return f"{label} – " + str(_("on the waiting list in this registration"))
    confirmed = getattr(part, "confirmed_count", None)
    if part.capacity is None or confirmed is None:
        return label
    left = part.capacity - confirmed
    if left > 0:
        return f"{label} – " + _("%(left)d of %(capacity)d places left") % {
            "left": left,
            "capacity": part.capacity,
        }
    return f"{label} – " + str(_("full: you join the waiting list"))


class RegistrationForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person to register"),
        queryset=Person.objects.none(),
        empty_label=None,
        required=False,  # yourself when not given
        help_text=_("You, or a colleague from your institution who comes in your place."),
        error_messages={"invalid_choice": _("Choose yourself or a colleague from the list.")},
    )
    study_visit = PartChoiceField(
        label=_("Study visit"),
        queryset=Part.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        blank=True,
        error_messages={"invalid_choice": FOREIGN_PART},
    )
    parts = PartsChoiceField(
        label=_("Dinner and meeting"),
        queryset=Part.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": FOREIGN_PART, "invalid_pk_value": FOREIGN_PART},
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    listing_consent = forms.BooleanField(
        label=_("Show my name and institution to other members in “who is coming”"),
        required=False,
        help_text=_("Without it only your institution is counted. You can change it here."),
    )
    diet = forms.CharField(
        label=_("Dietary requirements"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the coordinator sees it; deleted after the meeting."),
    )
    accessibility = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the coordinator sees it; deleted after the meeting."),
    )

    def __init__(self, *args, parts: list[Part], people=None, held=(), **kwargs):
        """``held``: the entries of the registration being changed."""
        super().__init__(*args, **kwargs)
        held_by_part = {entry.part_id: entry for entry in held}
        ids = [part.pk for part in parts]
        by_pk = {part.pk: part for part in parts}
        visits = [p for p in parts if p.kind == Part.Kind.STUDY_VISIT]
        others = [p for p in parts if p.kind != Part.Kind.STUDY_VISIT]
        # Querysets validate the choice; the choices shown come from the parts already read.
        self.fields["study_visit"].queryset = Part.objects.filter(pk__in=ids)
        self.fields["parts"].queryset = Part.objects.filter(pk__in=ids)
        self.fields["study_visit"].choices = [("", _("No study visit"))] + [
            (p.pk, part_label(p, held_by_part.get(p.pk))) for p in visits
        ]
        self.fields["parts"].choices = [
            (p.pk, part_label(p, held_by_part.get(p.pk))) for p in others
        ]
        self._parts_by_pk = by_pk
        if not visits:
            del self.fields["study_visit"]
        if people is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = people

    def clean(self):
        cleaned = super().clean()
        chosen = list(cleaned.get("parts") or [])
        if cleaned.get("study_visit"):
            chosen.append(cleaned["study_visit"])
        # The annotated objects read for the page, so labels keep their counts on errors.
        cleaned["all_parts"] = [self._parts_by_pk.get(p.pk, p) for p in chosen]
        return cleaned

    def add_service_error(self, error) -> None:
        """Put a service's ValidationError on the field it names, or above the form."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in self.fields else None
                if field == "parts" and "parts" not in self.fields:
                    target = None
                for item in errors:
                    self.add_error(target, item)
        else:
            self.add_error(None, error)


class DoorForm(forms.Form):
    """Someone who came without registering, added at the door."""

    name = forms.CharField(label=_("Name"), max_length=200)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("– none or not in the list –"),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("For the follow-up after the meeting; a person already known by it is used."),
    )
    part = PartChoiceField(label=_("Attended"), queryset=Part.objects.none(), empty_label=None)

    def __init__(self, *args, parts, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = parts
        self.fields["institution"].queryset = institutions
