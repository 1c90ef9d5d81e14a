from functools import cached_property

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Theme
from .selectors import meeting_host_choices, meeting_years

# While the hosts are at most this many, the archive offers them in a list; beyond, a list
# would grow with the archive (800 options at 20× the data), so the reader types a name.
HOST_CHOICES_LIMIT = 40


class _HostSearch(forms.TextInput):
    input_type = "search"


class HostWidget(forms.Select):
    """A list of the hosts while they are few (:data:`HOST_CHOICES_LIMIT`), else a search
    field for a host's name: the page's size stays bounded however many have hosted."""

    def __init__(self, field, attrs=None):
        super().__init__(attrs)
        self.field = field

    def get_context(self, name, value, attrs):
        if self.field.searching:
            return _HostSearch().get_context(name, value, attrs)
        self.choices = self.field.choices
        return super().get_context(name, value, attrs)

    @property
    def template_name(self):
        return (
            _HostSearch.template_name
            if self.field.searching
            else "django/forms/widgets/select.html"
        )


class HostField(forms.Field):
    """The host institution: the pk of a host (the list's value, also in older links) or,
    once the hosts are many, part of a host's name in either language or its abbreviation.
    Cleans to the hosts it names (a queryset) or None."""

    default_error_messages = {
        "no_match": _("No institution that has hosted a meeting matches “%(text)s”."),
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.widget = HostWidget(self)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget = HostWidget(result)
        return result

    @cached_property
    def hosts(self) -> list:
        """The hosts for the list, or one more than the limit (then it is not shown)."""
        return list(meeting_host_choices()[: HOST_CHOICES_LIMIT + 1])

    @property
    def searching(self) -> bool:
        return len(self.hosts) > HOST_CHOICES_LIMIT

    @property
    def help_text(self):
        if self.searching:
            return _("Part of the name, in Swedish or English, or the abbreviation (e.g. KTH).")
        return ""

    @help_text.setter
    def help_text(self, value):
        pass  # decided by the number of hosts

    @property
    def choices(self):
        return [("", _("All hosts")), *((host.pk, str(host)) for host in self.hosts)]

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        hosts = meeting_host_choices()
        if text.isdigit() and hosts.filter(pk=int(text)).exists():
            return hosts.filter(pk=int(text))
        matching = hosts.filter(
            Q(name_sv__icontains=text) | Q(name_en__icontains=text) | Q(short_name__iexact=text)
        )
        if not matching.exists():
            raise forms.ValidationError(
                self.error_messages["no_match"], code="no_match", params={"text": text}
            )
        return matching


class MeetingFilterForm(forms.Form):
    """The archive's filters. Every choice comes from published meetings."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    host = HostField(label=_("Host institution"))
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=None, required=False, empty_label=_("All themes")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in meeting_years()
        ]
        self.fields["theme"].queryset = Theme.objects.taken_up()
