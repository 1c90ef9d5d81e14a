from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import kind_choices


class InstitutionFilterForm(forms.Form):
    """The directory's filter: which kind of institution to show (a plain GET form)."""

    kind = forms.ChoiceField(label=_("Kind of institution"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kind_choices()]

    @property
    def selected_kind(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""
