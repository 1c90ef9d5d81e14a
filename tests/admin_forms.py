"""Build the POST data a browser would send back from a rendered admin change form."""

import datetime
from html.parser import HTMLParser

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


class _FormParser(HTMLParser):
    """Collects what a browser submits from one <form>: its successful controls.

    Text and hidden inputs with their value, ticked checkboxes and radios, the selected
    options of each select (the first option of a single select when none is marked),
    textareas (less the one newline a browser drops after the start tag); file inputs,
    buttons and disabled controls are not sent.
    """

    NOT_SENT = {"submit", "button", "image", "reset", "file"}

    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.found = False
        self.data: list[tuple[str, str]] = []
        self._select = None  # (name, multiple, [values selected], first value)
        self._option = None  # [value or None, text, selected]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.found:
            if self.form_id is None or attrs.get("id") == self.form_id:
                self.in_form = self.found = True
            return
        if not self.in_form or "disabled" in attrs:
            if tag == "select" and "disabled" in attrs:
                self._select = None
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in self.NOT_SENT:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value") or "on"))
                return
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        elif self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "option" and self._option is not None:
            self._end_option()
        elif tag == "select" and self._select is not None:
            if self._option is not None:
                self._end_option()
            name, multiple, selected, first = self._select
            if not selected and not multiple and first:
                selected = first[:1]
            self.data.extend((name, value) for value in selected)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.data.append((name, text))
            self._textarea = None

    def _end_option(self):
        value, text, selected = self._option
        value = text.strip() if value is None else value
        _name, multiple, chosen, first = self._select
        if not first:
            first.append(value)
        if selected:
            if not multiple:
                chosen.clear()
            chosen.append(value)
        self._option = None


def browser_form_data(html: str, form_id: str | None = None) -> dict[str, list[str]]:
    """The data a browser posts from the form ``form_id`` (the first form when None) of
    ``html`` when it is submitted untouched, as a dict of lists for the test client."""
    parser = _FormParser(form_id)
    parser.feed(html)
    parser.close()
    if not parser.found:
        raise AssertionError(f"no <form id={form_id!r}> in the page")
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data
