"""Build the POST data a browser would send back from a rendered admin change form."""

import datetime

from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget


def _encode(value):
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return None  # an unchanged upload is simply not sent again
    return value


def _add_form(data: dict, form) -> None:
    for bound in form:
        widget = bound.field.widget
        value = bound.value()
        if isinstance(widget, MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                encoded = _encode(part)
                if encoded is not None:
                    data[f"{bound.html_name}_{index}"] = encoded
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
            continue
        encoded = _encode(value)
        if encoded is not None:
            data[bound.html_name] = encoded


def change_form_data(response) -> dict:
    """Every field of the main form and its inlines, as the browser would post them."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data
