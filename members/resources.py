"""The directory as a spreadsheet: people and representatives imported from and exported to
XLSX or CSV in the admin (core/imports.py gives the checks and the preview).

Columns carry the labels the coordinator reads in the admin, in the admin's language. An
institution is named by its short name (KTH) or its name in either language; a person is
found by e-mail address, else by name at the institution, so importing the same file twice
changes nothing (the preview shows every row skipped). Consent to publish contact details
is never imported: only the person can give it.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from core.imports import CleanResource

from .models import Institution, Person, Representation


class InstitutionWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Institution, field="short_name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        value = str(value).strip()
        found = list(
            Institution.objects.filter(
                Q(short_name__iexact=value) | Q(name_sv__iexact=value) | Q(name_en__iexact=value)
            )[:2]
        )
        if len(found) != 1:
            raise ValueError(
                gettext(
                    "No institution is called “%(value)s”: give its short name (e.g. KTH) or "
                    "its name as in the admin."
                )
                % {"value": value}
                if not found
                else gettext("“%(value)s” names more than one institution: give its full name.")
                % {"value": value}
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.short_name or value.name


def person_find(*, name: str, email: str, institution: Institution | None) -> Person | None:
    """The person a row means: by e-mail address, else by name at the institution."""
    if email:
        return Person.objects.filter(email__iexact=email).first()
    if name:
        return Person.objects.filter(name__iexact=name, institution=institution).first()
    return None


class TranslatedColumnsMixin:
    """Column names from the fields' labels, in the language of the request."""

    column_labels: dict = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, label in self.column_labels.items():
            self.fields[name].column_name = str(label)

    def _cell(self, row, name: str) -> str:
        return str(row.get(self.fields[name].column_name) or "").strip()


class PersonResource(TranslatedColumnsMixin, CleanResource):
    institution = fields.Field(attribute="institution", widget=InstitutionWidget())
    column_labels = {
        "name": _("name"),
        "title_sv": _("title (Swedish)"),
        "title_en": _("title (English)"),
        "institution": _("institution"),
        "email": _("e-mail"),
        "phone": _("phone"),
    }

    class Meta(CleanResource.Meta):
        model = Person
        name = _("people")
        fields = ["name", "title_sv", "title_en", "institution", "email", "phone"]
        export_order = fields
        import_id_fields = []

    def get_instance(self, instance_loader, row):
        institution = self.fields["institution"].clean(row)
        return person_find(
            name=self._cell(row, "name"), email=self._cell(row, "email"), institution=institution
        )

    def get_queryset(self):
        return super().get_queryset().select_related("institution")


class RepresentationResource(TranslatedColumnsMixin, CleanResource):
    """A representative per row: the person (created when the directory does not have
    them yet) and the institution they represent from a date."""

    person_name = fields.Field(attribute="person__name")
    person_email = fields.Field(attribute="person__email")
    person_title = fields.Field(attribute="person__title_sv")
    institution = fields.Field(attribute="institution", widget=InstitutionWidget())
    started_on = fields.Field(attribute="started_on", widget=widgets.DateWidget())
    ended_on = fields.Field(attribute="ended_on", widget=widgets.DateWidget())
    column_labels = {
        "person_name": _("name"),
        "person_email": _("e-mail"),
        "person_title": _("title (Swedish)"),
        "institution": _("institution"),
        "started_on": _("from"),
        "ended_on": _("until"),
    }

    class Meta(CleanResource.Meta):
        model = Representation
        name = _("representatives")
        fields = [
            "person_name",
            "person_email",
            "person_title",
            "institution",
            "started_on",
            "ended_on",
        ]
        export_order = fields
        import_id_fields = []

    def get_queryset(self):
        return super().get_queryset().select_related("person", "institution")

    def _person(self, row, institution) -> Person:
        name, email = self._cell(row, "person_name"), self._cell(row, "person_email")
        if not name and not email:
            raise ValidationError(gettext("Give the representative's name or e-mail address."))
        person = person_find(name=name, email=email, institution=institution)
        if person is None:
            if not name:
                raise ValidationError(
                    gettext("No person has the e-mail address %(email)s: give their name too.")
                    % {"email": email}
                )
            person = Person(
                name=name,
                email=email,
                title_sv=self._cell(row, "person_title"),
                institution=institution,
            )
            person.full_clean()
            person.save()
        return person

    def get_instance(self, instance_loader, row):
        try:
            institution = self.fields["institution"].clean(row)
            started_on = self.fields["started_on"].clean(row)
        except ValueError:
            return None  # the row's error is reported when its fields are imported
        name, email = self._cell(row, "person_name"), self._cell(row, "person_email")
        person = person_find(name=name, email=email, institution=institution)
        if person is None or institution is None:
            return None
        return Representation.objects.filter(
            person=person, institution=institution, started_on=started_on
        ).first()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors and not instance.person_id:
            # The person is found or added only for a row whose own columns are right: say
            # what is wrong with them, not that the person is missing.
            raise ValidationError(self._by_column(import_validation_errors))
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def import_instance(self, instance, row, **kwargs):
        # The person's columns say who; they are not copied onto an existing person.
        errors = {}
        for name in ("institution", "started_on", "ended_on"):
            try:
                self.import_field(self.fields[name], instance, row, **kwargs)
            except ValueError as error:
                errors[self.fields[name].attribute] = ValidationError(str(error))
        if errors:
            raise ValidationError(errors)
        if not instance.person_id:
            instance.person = self._person(row, instance.institution)
