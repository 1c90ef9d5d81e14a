"""Importing the directory from XLSX or CSV in the admin (dry-run preview, Swedish row
errors, checked uploads) and exporting it, as the coordinator does."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports import MAX_IMPORT_BYTES
from members.models import Person, Representation
from tests.factories import InstitutionFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ["namn", "e-post", "titel (svenska)", "lärosäte", "från", "till"]


@pytest.fixture
def institutions():
    return (
        InstitutionFactory(name="Kungliga Tekniska högskolan", short_name="KTH"),
        InstitutionFactory(name="Uppsala universitet", short_name="UU"),
    )


def _csv(rows, header=HEADER) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("representanter.csv", out.getvalue().encode(), "text/csv")


def _xlsx(rows, header=HEADER) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("representanter.xlsx", out.getvalue())


def _format(response, suffix: str) -> str:
    form = response.context["form"]
    return next(value for value, title in form.fields["format"].choices if title == suffix)


def _preview(client, upload, model="representation"):
    url = reverse(f"admin:members_{model}_import")
    suffix = upload.name.rsplit(".", 1)[1]
    chosen = _format(client.get(url), suffix)
    return client.post(url, {"resource": "0", "format": chosen, "import_file": upload})


def _confirm(client, preview, model="representation"):
    form = preview.context["confirm_form"]
    return client.post(
        reverse(f"admin:members_{model}_process_import"),
        {name: form.initial[name] for name in form.fields},
        follow=True,
    )


ROWS = [
    ["Ada Lovelace", "ada@kth.se", "vicerektor", "KTH", "2024-01-01", ""],
    ["Grace Hopper", "", "prorektor", "Uppsala universitet", "2023-07-01", ""],
]


def test_the_coordinator_sees_import_and_export_on_the_directory_lists(coordinator_client):
    for model in ("person", "representation"):
        html = coordinator_client.get(reverse(f"admin:members_{model}_changelist")).content
        assert reverse(f"admin:members_{model}_import").encode() in html
        assert reverse(f"admin:members_{model}_export").encode() in html


def test_the_preview_shows_what_will_be_created_and_saves_nothing(coordinator_client, institutions):
    response = _preview(coordinator_client, _csv(ROWS))
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 2
    html = response.content.decode()
    assert "Bekräfta import" in html and "Ny" in html
    assert not Person.objects.exists() and not Representation.objects.exists()


def test_confirming_creates_the_people_and_their_representations(coordinator_client, institutions):
    kth, uu = institutions
    response = _confirm(coordinator_client, _preview(coordinator_client, _csv(ROWS)))
    assert response.status_code == 200
    ada = Person.objects.get(email="ada@kth.se")
    assert ada.institution == kth and ada.title_sv == "vicerektor"
    assert Representation.objects.get(person=ada).started_on == datetime.date(2024, 1, 1)
    assert Representation.objects.get(person__name="Grace Hopper").institution == uu


def test_importing_the_same_file_again_changes_nothing(coordinator_client, institutions):
    _confirm(coordinator_client, _preview(coordinator_client, _csv(ROWS)))
    response = _preview(coordinator_client, _csv(ROWS))
    assert response.context["result"].totals["skip"] == 2
    assert Person.objects.count() == 2 and Representation.objects.count() == 2


def test_an_xlsx_file_is_imported_like_a_csv(coordinator_client, institutions):
    rows = [["Ada Lovelace", "ada@kth.se", "", "KTH", datetime.date(2024, 1, 1), None]]
    _confirm(coordinator_client, _preview(coordinator_client, _xlsx(rows)))
    assert Representation.objects.get().person.name == "Ada Lovelace"


def test_row_errors_are_in_swedish_and_name_the_column(coordinator_client, institutions):
    rows = [
        ["Ada Lovelace", "ada@kth.se", "", "Okänd högskola", "2024-01-01", ""],
        ["Grace Hopper", "", "", "KTH", "2024-01-01", "2023-01-01"],
        ['=HYPERLINK("http://x")', "", "", "KTH", "2024-01-01", ""],
    ]
    response = _preview(coordinator_client, _csv(rows))
    assert response.context["result"].has_validation_errors()
    html = response.content.decode()
    assert "Vissa rader kunde inte valideras" in html
    assert "Inget lärosäte heter ”Okänd högskola”" in html
    assert re.search(r"lärosäte.*Inget lärosäte heter", html, re.S)
    assert "En representation kan inte sluta innan den börjar." in html
    assert "är en formel" in html
    assert "Bekräfta import" not in html
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("lista.txt", b"namn\nAda\n"), "Ladda upp en Excel-fil"),
        (SimpleUploadedFile("lista.xlsx", b"namn;Ada\n"), "inte en Excel-arbetsbok"),
        (SimpleUploadedFile("lista.csv", "namn\nÅsa\n".encode("latin-1")), "inte UTF-8"),
        (SimpleUploadedFile("lista.csv", b"x" * (MAX_IMPORT_BYTES + 1)), "högst 2,0"),
    ],
)
def test_an_upload_that_is_not_what_it_says_is_refused(
    coordinator_client, institutions, upload, message
):
    url = reverse("admin:members_representation_import")
    chosen = _format(coordinator_client.get(url), "csv")
    response = coordinator_client.post(
        url, {"resource": "0", "format": chosen, "import_file": upload}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "result" not in response.context or response.context["result"] is None


def test_the_format_must_match_the_file(coordinator_client, institutions):
    url = reverse("admin:members_representation_import")
    chosen = _format(coordinator_client.get(url), "xlsx")
    response = coordinator_client.post(
        url, {"resource": "0", "format": chosen, "import_file": _csv(ROWS)}
    )
    assert "välj formatet csv" in response.content.decode()


def test_people_are_imported_and_exported_with_the_same_columns(coordinator_client, institutions):
    header = ["namn", "titel (svenska)", "titel (engelska)", "lärosäte", "e-post", "telefon"]
    rows = [
        [
            "Ada Lovelace",
            "vicerektor",
            "Pro-Vice-Chancellor",
            "KTH",
            "ada@kth.se",
            "+46 8 790 60 00",
        ]
    ]
    _confirm(
        coordinator_client,
        _preview(coordinator_client, _csv(rows, header), model="person"),
        model="person",
    )
    ada = Person.objects.get()
    assert (ada.title_en, ada.phone, ada.publication_consent) == (
        "Pro-Vice-Chancellor",
        "+46 8 790 60 00",
        False,
    )
    response = coordinator_client.post(
        reverse("admin:members_person_export"),
        {"format": "1", "resource": "0", **_all_columns(coordinator_client, "person")},
    )
    assert response.status_code == 200
    exported = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert exported[0] == header
    assert exported[1] == rows[0]


def _all_columns(client, model) -> dict:
    form = client.get(reverse(f"admin:members_{model}_export")).context["form"]
    return {
        name: "on"
        for name, field in form.fields.items()
        if field.__class__.__name__ == "BooleanField"
    }


def test_the_export_never_writes_a_formula(coordinator_client, institutions):
    PersonFactory(name="=1+1", institution=institutions[0])
    response = coordinator_client.post(
        reverse("admin:members_person_export"),
        {"format": "1", "resource": "0", **_all_columns(coordinator_client, "person")},
    )
    exported = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [cell for row in exported for cell in row if cell.startswith("=")] == []


def test_export_and_import_need_the_rights(client):
    staff = UserFactory(username="redaktor@kth.se", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_meeting"))
    client.force_login(staff)
    assert client.get(reverse("admin:members_person_export")).status_code == 403
    assert client.get(reverse("admin:members_person_import")).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_person"))
    assert client.get(reverse("admin:members_person_export")).status_code == 200
    assert client.get(reverse("admin:members_person_import")).status_code == 403


def test_a_member_who_is_not_staff_cannot_export(client):
    member = UserFactory(username="medlem@kth.se")
    member.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(member)
    response = client.get(reverse("admin:members_person_export"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
