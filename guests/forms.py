from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SlideUpload


class SlideUploadForm(forms.ModelForm):
    """The guest's form: a title and the file, checked as the coordinator's uploads are
    (core.uploads: type by name and content, size)."""

    class Meta:
        model = SlideUpload
        fields = ["title", "file"]
        labels = {"title": _("Title of the slides"), "file": _("File")}
