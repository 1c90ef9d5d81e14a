from django import forms
from django.utils.translation import gettext_lazy as _

from klossnet.uploads import validate_image

from .selectors import kind_choices


class SafeImageField(forms.ImageField):
    """An image upload checked for size and pixel count before Pillow decodes it.

    Django's own ImageField answers a decompression bomb or an oversized file with a vague
    "not a valid image"; checking first gives the coordinator the real reason.
    """

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image(data)
        return super().to_python(data)


class InstitutionFilterForm(forms.Form):
    """The directory's filter: which kind of institution to show (a plain GET form)."""

    kind = forms.ChoiceField(label=_("Kind of institution"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kind_choices()]

    @property
    def selected_kind(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""
