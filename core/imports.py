"""Importing and exporting rows in the admin from XLSX or CSV files (django-import-export).

An admin gets an import button with a dry-run preview (what will be created, changed or
skipped, and each refused row with its reason) and an export button by putting
:class:`ImportExportAdmin` first among its bases and naming its ``resource_classes``.

What the rest of the portal's uploads get, an import gets too: the file is checked before
anything reads it (size, type by name and by content, an XLSX whose unpacked size is out of
proportion refused as a zip bomb, a CSV that is no UTF-8 text refused), and each cell is
cleaned (:class:`CleanResource`: control characters dropped, spaces trimmed, a formula
refused). Importing needs the rights to add and change the rows; exporting, which hands out
personal data, the right to view them (staff only, as everything in the admin).
"""

import re
import unicodedata
import zipfile

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm, SelectableFieldsExportForm

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# An XLSX is a ZIP archive: a directory of some thousand people unpacks to a few MB.
MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024
IMPORT_SUFFIXES = {".csv": CSV, ".xlsx": XLSX}


class ImportUploadForm(ImportForm):
    """The import form, refusing a file that is too big or not what its name says."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        name = upload.name.lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        if suffix not in IMPORT_SUFFIXES:
            raise ValidationError(
                _("Upload an Excel file (.xlsx) or a CSV file (.csv)."), code="import_type"
            )
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is %(size)s; at most %(max)s can be imported at a time."),
                code="import_too_big",
                params={
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(MAX_IMPORT_BYTES),
                },
            )
        upload.seek(0)
        head = upload.read(4)
        upload.seek(0)
        if suffix == ".xlsx":
            self._check_xlsx(upload, head)
        else:
            self._check_csv(upload)
        upload.seek(0)
        return upload

    @staticmethod
    def _check_xlsx(upload, head: bytes) -> None:
        not_xlsx = ValidationError(
            _("The file is not an Excel workbook (.xlsx) we can read. Save it again as .xlsx."),
            code="import_not_xlsx",
        )
        if head != b"PK\x03\x04":
            raise not_xlsx
        try:
            with zipfile.ZipFile(upload) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
                names = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise not_xlsx from error
        if "xl/workbook.xml" not in names:
            raise not_xlsx
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise ValidationError(
                _("The workbook unpacks to more than %(max)s; import a smaller one."),
                code="import_unpacks_too_big",
                params={"max": filesizeformat(MAX_XLSX_UNPACKED_BYTES)},
            )

    @staticmethod
    def _check_csv(upload) -> None:
        data = upload.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("The CSV file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."),
                code="import_not_utf8",
            ) from error
        if "\x00" in text:
            raise ValidationError(_("The file is not a CSV text file."), code="import_not_text")

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or chosen in (None, ""):
            return cleaned
        formats = self.fields["format"].choices
        title = dict(formats).get(chosen, "")
        suffix = upload.name.lower()[upload.name.lower().rfind(".") :]
        if title.lower() != suffix.lstrip("."):
            self.add_error(
                "format",
                _("The file is a %(suffix)s file: choose the format %(format)s.")
                % {"suffix": suffix, "format": suffix.lstrip(".")},
            )
        return cleaned


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_cell(value):
    """A text cell as the portal stores text: no control characters, no surrounding spaces,
    Unicode in one form (NFC); a formula is refused."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", _CONTROL.sub("", value)).strip()
    if value.startswith("="):
        raise ValidationError(
            _("“%(value)s” is a formula; give the value itself."), params={"value": value}
        )
    return value


class CleanResource(resources.ModelResource):
    """A resource whose text cells are cleaned (:func:`clean_cell`) before they are used,
    and whose rows are saved after the model's own validation (``full_clean``)."""

    def before_import(self, dataset, **kwargs):
        if len(dataset) > MAX_IMPORT_ROWS:
            raise ValidationError(
                _("The file has %(count)d rows; at most %(max)d can be imported at a time."),
                params={"count": len(dataset), "max": MAX_IMPORT_ROWS},
            )
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        errors = []
        for column, value in list(row.items()):
            try:
                row[column] = clean_cell(value)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        super().before_import_row(row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(self._by_column(error.error_dict)) from error

    def _by_column(self, errors: dict) -> dict:
        """Errors keyed by the column the coordinator sees, not the model's field name."""
        columns = {field.attribute: field.column_name for field in self.fields.values()}
        labelled = {}
        for name, field_errors in errors.items():
            if name in columns:
                label = columns[name]
            else:
                try:
                    label = str(self._meta.model._meta.get_field(name).verbose_name)
                except FieldDoesNotExist:  # NON_FIELD_ERRORS keeps its key
                    label = name
            labelled.setdefault(label, []).extend(field_errors)
        return labelled

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


class ColumnsExportForm(SelectableFieldsExportForm):
    """The export form offering each column by the name it has in the file (the
    library's own label is the field's internal name, in English)."""

    def _get_field_label(self, resource, field_name: str) -> str:
        # An instance: the column names are in the request's language (members/resources.py).
        field = resource().fields.get(field_name)
        return field.column_name if field else field_name


class ImportExportAdmin(ImportExportModelAdmin):
    """Import and export for an admin, from and to XLSX and CSV, with checked uploads."""

    import_form_class = ImportUploadForm
    export_form_class = ColumnsExportForm
    formats = [XLSX, CSV]

    def _has(self, request, *actions: str) -> bool:
        opts = self.model._meta
        return (
            request.user.is_active
            and request.user.is_staff
            and all(
                request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
                for action in actions
            )
        )

    def has_import_permission(self, request):
        return self._has(request, "add", "change")

    def has_export_permission(self, request):
        # The export hands out what the list shows, personal data included.
        return self._has(request, "view")


# django-import-export has no Swedish catalogue: its strings on the pages the coordinator
# sees, translated in the project catalogue (locale/), which wins over every app's.
IMPORT_EXPORT_STRINGS = (
    gettext_noop("Import"),
    gettext_noop("%s through import_export"),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the "
        "correct format for the file."
    ),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
    gettext_noop("Export"),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    gettext_noop("export failed due to IllegalCharacterError"),
    gettext_noop("Resource"),
    gettext_noop("Format"),
    gettext_noop("File to import"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    gettext_noop(
        "The following fields are declared in 'import_id_fields' but are not present in the "
        "file headers: %s"
    ),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop("Confirm import"),
    gettext_noop("Errors"),
    gettext_noop("Line number"),
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using the "
        "form above."
    ),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    gettext_noop("Preview"),
    gettext_noop("New"),
    gettext_noop("Skipped"),
    gettext_noop("Delete"),
    gettext_noop("Update"),
    gettext_noop("This importer will import the following fields: "),
    gettext_noop("Value could not be parsed."),
)
