from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Theme
from .selectors import meeting_host_choices, meeting_years


class MeetingFilterForm(forms.Form):
    """The archive's filters. Every choice comes from published meetings."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    host = forms.ModelChoiceField(
        label=_("Host institution"), queryset=None, required=False, empty_label=_("All hosts")
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("All themes")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in meeting_years()
        ]
        self.fields["host"].queryset = meeting_host_choices()
        self.fields["theme"].queryset = Theme.objects.taken_up()
