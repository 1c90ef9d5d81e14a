import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.periods import Precision, Status
from projects.models import Project, ProjectResult
from tests.factories import ProjectFactory, ProjectResultFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("started_on", "ended_on", "status"),
    [
        (datetime.date(2026, 7, 1), None, Status.PLANNED),
        (datetime.date(2026, 6, 1), None, Status.ONGOING),
        (datetime.date(2024, 1, 1), datetime.date(2026, 6, 1), Status.ONGOING),
        (datetime.date(2013, 1, 1), datetime.date(2016, 12, 31), Status.COMPLETED),
        (datetime.date(2024, 1, 1), datetime.date(2026, 5, 31), Status.COMPLETED),
        (None, None, Status.UNKNOWN),
        (None, datetime.date(2016, 12, 31), Status.COMPLETED),
    ],
)
def test_status_follows_from_the_dates(started_on, ended_on, status):
    project = ProjectFactory(started_on=started_on, ended_on=ended_on)
    assert project.status_on(ON) == status
    # The queryset agrees with the property, so list pages and admin filters match.
    for candidate in Status:
        matches = Project.objects.with_status(candidate, ON).filter(pk=project.pk).exists()
        assert matches == (candidate == status), candidate


def test_status_today_uses_the_local_date():
    project = ProjectFactory(started_on=datetime.date(2000, 1, 1), ended_on=None)
    assert project.status == Status.ONGOING


def test_years_only_periods_cover_whole_years():
    project = ProjectFactory(
        started_on=datetime.date(2013, 5, 5),
        ended_on=datetime.date(2016, 2, 2),
        precision=Precision.YEAR,
    )
    project.refresh_from_db()
    assert project.started_on == datetime.date(2013, 1, 1)
    assert project.ended_on == datetime.date(2016, 12, 31)
    assert project.period_display == "2013–2016"
    assert project.status_on(datetime.date(2016, 12, 31)) == Status.ONGOING
    assert project.status_on(datetime.date(2017, 1, 1)) == Status.COMPLETED


@pytest.mark.parametrize(("language", "expected"), [("sv", "sedan 2022"), ("en", "since 2022")])
def test_open_ended_period_is_shown_as_since(language, expected):
    project = ProjectFactory(started_on=datetime.date(2022, 1, 1), precision=Precision.YEAR)
    with translation.override(language):
        assert project.period_display == expected


def test_exact_dates_are_shown_as_dates():
    project = ProjectFactory(
        started_on=datetime.date(2014, 9, 29), ended_on=datetime.date(2015, 5, 29)
    )
    with translation.override("sv"):
        assert project.period_display == "29 september 2014 – 29 maj 2015"


def test_unknown_period_is_shown_as_nothing_rather_than_guessed():
    assert ProjectFactory(started_on=None).period_display == ""


def test_end_before_start_is_refused():
    project = ProjectFactory.build(
        started_on=datetime.date(2020, 1, 1), ended_on=datetime.date(2019, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "ended_on" in error.value.message_dict


def test_project_cannot_be_its_own_ancestor():
    parent = ProjectFactory()
    child = ProjectFactory(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "parent" in error.value.message_dict


def test_related_projects_are_symmetrical():
    swecam, mersam = ProjectFactory(), ProjectFactory()
    swecam.related.add(mersam)
    assert list(mersam.related.all()) == [swecam]


def test_result_file_must_be_a_real_document():
    result = ProjectResultFactory.build(project=ProjectFactory())
    result.file = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as error:
        result.full_clean()
    assert "file" in error.value.message_dict


def test_result_accepts_a_pdf():
    result = ProjectResultFactory.build(project=ProjectFactory(), kind=ProjectResult.Kind.BOOK)
    result.file = SimpleUploadedFile("bok.pdf", BytesIO(b"%PDF-1.4\n%%EOF\n").read())
    result.full_clean()
    result.save()
    assert result.file.name.startswith("project-results/bok-")
