"""Two coordinators editing the same object: the second save is refused, nothing is lost.

When a change form opens it carries a hidden, signed *edit token*: a fingerprint of the
object as it was then, field by field, with its inline rows (agenda items, hosts, …). On
save the object is read again under a row lock; if its fingerprint differs, the form is
refused with a Swedish message that names the fields changed in the meantime.

A fingerprint of the content rather than a version counter or last-modified time: the
restore of an older version (django-reversion) writes rows without ``save()``, so a
counter would go back with it and a last-modified time would not tell *what* changed;
the fingerprint needs no column and catches changes made outside the admin as well.
Automatic timestamps (``auto_now``) are left out, so only real changes count.
"""

import hashlib

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms.models import _get_foreign_key
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

SALT = "core.concurrency.edit-token"
TOKEN_FIELD = "edit_token"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class EditTokenField(forms.CharField):
    """The hidden token. It is made anew for every page, so it differs from the one posted
    back; it is no change of the object and never appears in its history as one."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data):
        return False


class EditConflictForm(forms.ModelForm):
    """The admin's base form: adds the hidden token and refuses a stale save."""

    edit_token = EditTokenField(required=False)
    conflict_admin = None  # set by EditConflictAdminMixin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.conflict_admin is not None and not self.is_bound:
            fingerprint = self.conflict_admin.edit_fingerprint(self.instance)
            self.initial[TOKEN_FIELD] = signing.dumps(fingerprint, salt=SALT, compress=True)

    def clean(self):
        cleaned_data = super().clean()
        token = self.cleaned_data.get(TOKEN_FIELD)
        if token and self.instance.pk and self.conflict_admin is not None:
            changed = self.conflict_admin.changed_since(self.instance.pk, token)
            if changed:
                raise ValidationError(
                    _(
                        "Someone else saved changes to “%(name)s” after you opened it, so "
                        "your changes were not saved and nothing was overwritten. Changed in the "
                        "meantime: %(fields)s. Open the page again to see the current "
                        "version, then make your changes again."
                    ),
                    code="edit_conflict",
                    params={
                        "name": str(self.instance),
                        "fields": ", ".join(changed),
                    },
                )
        return cleaned_data


class EditConflictAdminMixin:
    """Refuses a save based on a stale change form (see the module docstring)."""

    form = EditConflictForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.pk:
            fieldsets.append((None, {"fields": [TOKEN_FIELD], "classes": ["hidden"]}))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        form_class.conflict_admin = self
        return form_class

    def _inline_relations(self):
        """(name, label, rows of obj) for each inline, one-to-one inlines included."""
        for inline in self.inlines:
            fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            manager, name = inline.model._default_manager, fk.name

            def rows(obj, manager=manager, name=name):
                return manager.filter(**{name: obj.pk}).order_by("pk").values()

            yield fk.remote_field.get_accessor_name(), inline.model._meta.verbose_name_plural, rows

    def edit_fingerprint(self, obj) -> dict[str, str]:
        """A short digest of each field and of each inline's rows."""
        fingerprint = {}
        names = {field.name for field in obj._meta.concrete_fields}
        for field in obj._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            if f"{field.name}_sv" in names:
                continue  # modeltranslation's original column: its language fields count
            # Empty is empty: modeltranslation stores NULL where a saved form stores "".
            empty = field.value_from_object(obj) in (None, "")
            fingerprint[field.name] = _digest("" if empty else field.value_to_string(obj))
        if obj.pk:
            for field in obj._meta.many_to_many:
                related = getattr(obj, field.name).order_by("pk").values_list("pk", flat=True)
                fingerprint[field.name] = _digest(repr(list(related)))
            for accessor, _label, rows_of in self._inline_relations():
                rows = rows_of(obj)
                rows = [sorted((k, None if v == "" else v) for k, v in row.items()) for row in rows]
                fingerprint[accessor] = _digest(repr(rows))
        return fingerprint

    def changed_since(self, pk, token: str) -> list[str]:
        """Labels of what changed since the token was made (empty: nothing)."""
        try:
            before = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            return [str(_("unknown (the form was damaged)"))]
        # Lock the row for the rest of the save, so two saves cannot both pass.
        current = self.model._default_manager.select_for_update().filter(pk=pk).first()
        if current is None:
            return []
        now = self.edit_fingerprint(current)
        labels = {
            field.name: field.verbose_name
            for field in self.model._meta.get_fields()
            if hasattr(field, "verbose_name")
        }
        labels.update({name: label for name, label, _rows in self._inline_relations()})
        return [
            str(capfirst(labels.get(name, name))) for name in now if before.get(name) != now[name]
        ]
