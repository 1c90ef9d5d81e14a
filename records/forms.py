from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RecordComment


class RecordCommentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What you send"),
        choices=RecordComment.Kind.choices,
        initial=RecordComment.Kind.CORRECTION,
        widget=forms.RadioSelect,
    )
    section = forms.TypedChoiceField(
        label=_("The part it concerns"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    text = forms.CharField(
        label=_("Your correction or addition"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {section.pk: section for section in sections}
        self.fields["section"].choices = [
            ("", _("The record as a whole")),
            *((section.pk, str(section)) for section in sections),
        ]

    def clean_section(self):
        pk = self.cleaned_data.get("section")
        return self.sections.get(pk) if pk else None
