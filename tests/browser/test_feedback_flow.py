"""Feedback after a meeting in a browser, in both languages (issue 22, "Done when"): the
coordinator opens a survey from a template for a past meeting and invites the attendees;
five answer in the members' area (one changes an answer) and the sixth, only, is reminded;
the results appear only at the fifth answer; the
coordinator releases them and publishes one free-text answer, which members then see; the
trend across two meetings shows; the XLSX opens with openpyxl. Axe finds nothing serious on
the survey and the results pages at 1280 and 375 px, where the charts' text stays readable
and nothing is wider than the screen."""

import datetime
import io
import re
import secrets
from pathlib import Path

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from feedback.models import Answer, Question, Response, Survey
from meetings.registration.models import Entry, Registration
from meetings.registration.services import registration_setup
from tests.factories import (
    ChoiceFactory,
    MeetingFactory,
    PersonFactory,
    QuestionFactory,
    SurveyFactory,
    SurveyTemplateFactory,
    UserFactory,
)

from .conftest import serious_violations
from .test_member_flow import _session_cookie

# Each step is a view the tests of its app check on both backends (README: Tests and CI).
pytestmark = [pytest.mark.browser, pytest.mark.backend_independent]

TEXT = {
    "sv": {
        "save": "Spara",
        "send": "Skicka mina svar",
        "change": "Spara mina ändrade svar",
        "changing": "Du har svarat. Ändra det du vill och spara igen.",
        "one_more": "ett svar till behövs",
        "released": "resultat tillgängliga för medlemmar",
        "publish": "Publicera för medlemmarna",
        "download": "Ladda ned som kalkylblad (XLSX)",
        "answered": "Personer som svarade",
        "invited": "inbjudan gick till 6 personer som deltog",
        "reminded": "påminnelsen gick till 1 person som inte har svarat",
    },
    "en": {
        "save": "Save",
        "send": "Send my answers",
        "change": "Save my changed answers",
        "changing": "You have answered. Change what you like and save again.",
        "one_more": "1 more answer is needed",
        "released": "results released to members",
        "publish": "Publish to members",
        "download": "Download as a spreadsheet (XLSX)",
        "answered": "People who answered",
        "invited": "the invitation went to 6 people who attended",
        "reminded": "the reminder went to 1 person who has not answered",
    },
}


@pytest.fixture
def world(live_server, transactional_db, coordinator):
    template = SurveyTemplateFactory(title_sv="Efter mötet", title_en="After the meeting")
    QuestionFactory(
        template=template,
        position=1,
        key="overall-value",
        text_sv="Hur värdefullt var mötet?",
        text_en="How valuable was the meeting?",
        required=True,
    )
    single = QuestionFactory(
        template=template,
        position=2,
        key="format",
        kind=Question.Kind.SINGLE,
        text_sv="Vilket format föredrar du?",
        text_en="Which format do you prefer?",
    )
    ChoiceFactory(question=single, position=1, label_sv="På plats", label_en="On site")
    ChoiceFactory(question=single, position=2, label_sv="Digitalt", label_en="Online")
    QuestionFactory(
        template=template,
        position=3,
        key="next-time",
        kind=Question.Kind.TEXT,
        text_sv="Vad vill du ta upp nästa gång?",
        text_en="What should we take up next time?",
        low_label_sv="",
        low_label_en="",
        high_label_sv="",
        high_label_en="",
    )
    # Last year's meeting used the same template: five answers of 3, released.
    earlier = SurveyFactory(
        template=template,
        meeting=MeetingFactory(
            date=timezone.localdate() - datetime.timedelta(days=365),
            title_sv="Fjolårets möte",
            title_en="Last year's meeting",
        ),
        opens_on=timezone.localdate() - datetime.timedelta(days=364),
        closes_on=timezone.localdate() - datetime.timedelta(days=350),
        results_released=True,
    )
    scale = template.questions.get(key="overall-value")
    for _ in range(5):
        response = Response.objects.create(survey=earlier, change_token_hash=secrets.token_hex(32))
        Answer.objects.create(response=response, question=scale, value=3)
    meeting = MeetingFactory(
        date=timezone.localdate() - datetime.timedelta(days=2),
        title_sv="Höstmötet i Umeå",
        title_en="The autumn meeting in Umeå",
    )
    registration_setup(meeting=meeting)
    attendees = []
    for number in range(6):
        user = UserFactory(username=f"deltagare{number}@test.se", marked_as_member=True)
        registration = Registration.objects.create(
            meeting=meeting, person=PersonFactory(user=user, email=user.email), language="sv"
        )
        for part in meeting.registration_parts.all():
            Entry.objects.create(
                registration=registration,
                part=part,
                status=Entry.Status.CONFIRMED,
                attendance=Entry.Attendance.ATTENDED,
            )
        attendees.append(user)
    return {
        "coordinator": coordinator,
        "attendees": attendees,
        "meeting": meeting,
        "template": template,
    }


def _url(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def open_page(browser, live_server):
    """Opens a page logged in as a user, in a browser context of its own; every context is
    closed when the test ends (a request still open when the live server's database goes
    would fail in its thread)."""
    contexts = []

    def open_page(language, user):
        # The admin (outside the language prefixes) speaks the browser's language.
        locale = "sv-SE" if language == "sv" else "en-GB"
        context = browser.new_context(locale=locale, accept_downloads=True)
        contexts.append(context)
        context.add_cookies(_session_cookie(live_server, user))
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def _survey_action(page, site, survey, action: str) -> str:
    """Run an action of the survey list on ``survey``, as the coordinator does; the
    messages it leaves."""
    page.goto(site + reverse("admin:feedback_survey_changelist"))
    page.locator(f'input[name="_selected_action"][value="{survey.pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()
    return page.locator(".messagelist").inner_text()


def _checked_at_both_widths(page) -> list[str]:
    """Axe's serious findings at 1280 and 375 px; at 375 nothing wider than the screen and
    every chart's text at least 11 px tall."""
    findings = []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        findings += [f"{width} px: {finding}" for finding in serious_violations(page)]
        if width == 375:
            assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            heights = page.eval_on_selector_all(
                ".chart text",
                "texts => texts.map(text => text.getBoundingClientRect().height)",
            )
            assert not heights or min(heights) >= 11, heights
    return findings


def _answer(page, *, scale: int, choice: str, text: str, button: str) -> None:
    """Answer as a person does: the scale value by its label (the ends say what they mean,
    "5 – I hög grad"), the choice by its label, the free text in its box."""
    page.get_by_label(re.compile(rf"^{scale}( –|$)")).check()
    page.get_by_label(choice, exact=True).check()
    page.get_by_role("textbox").fill(text)
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_survey_from_opening_to_released_results_and_the_trend(
    live_server, world, open_page, language
):
    text = TEXT[language]
    site = live_server.url
    meeting, template = world["meeting"], world["template"]
    on_site = "På plats" if language == "sv" else "On site"
    online = "Digitalt" if language == "sv" else "Online"
    coordinator = open_page(language, world["coordinator"])

    # The coordinator opens the survey for the past meeting: the template is preselected.
    coordinator.goto(site + reverse("admin:feedback_survey_add") + f"?meeting={meeting.pk}")
    coordinator.get_by_role("button", name=text["save"], exact=True).click()
    coordinator.wait_for_load_state()
    survey = Survey.objects.get(meeting=meeting)
    assert survey.template == template and survey.is_open
    assert text["invited"] in _survey_action(coordinator, site, survey, "send_invitations")
    assert len(mail.outbox) == 6

    # Four attendees answer in the members' area; the survey page passes axe.
    answer_url = site + _url(language, "feedback_area:survey_answer", survey.pk)
    attendees = [open_page(language, user) for user in world["attendees"]]
    attendees[5].goto(answer_url)
    assert _checked_at_both_widths(attendees[5]) == []
    for number, attendee in enumerate(attendees[:4]):
        attendee.goto(answer_url)
        _answer(attendee, scale=5, choice=on_site, text=f"Tema {number}", button=text["send"])
    assert Response.objects.filter(survey=survey).count() == 4

    # Four answers: the coordinator's results say one more is needed, and show nothing.
    results_url = site + reverse("admin:feedback_survey_results", args=[survey.pk])
    coordinator.goto(results_url)
    assert text["one_more"] in coordinator.content()
    assert coordinator.locator("svg.chart").count() == 0

    # The first changes their answer: 5 becomes 1, on site becomes online.
    attendees[0].goto(answer_url)
    assert text["changing"] in attendees[0].content()
    _answer(attendees[0], scale=1, choice=online, text="Tema 0, ändrat", button=text["change"])
    assert Response.objects.filter(survey=survey).count() == 4

    # The fifth answer: the results appear; of 1, 5, 5, 5 and 4 the median is 5.
    attendees[4].goto(answer_url)
    _answer(attendees[4], scale=4, choice=on_site, text="Tema 4", button=text["send"])
    # The sixth, only, is reminded.
    mail.outbox.clear()
    assert text["reminded"] in _survey_action(coordinator, site, survey, "send_reminders")
    assert [message.to for message in mail.outbox] == [[world["attendees"][5].email]]

    coordinator.goto(results_url)
    html = coordinator.content()
    assert text["one_more"] not in html
    assert coordinator.locator("svg.chart[role=img]").count() == 2
    assert "Tema 0, ändrat" in html and "Tema 3" in html
    median = "Median 5 (5 svar)" if language == "sv" else "Median 5 (5 answers)"
    assert median in html
    assert _checked_at_both_widths(coordinator) == []

    # The export opens with openpyxl and holds the same numbers.
    coordinator.set_viewport_size({"width": 1280, "height": 900})
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name=text["download"]).click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = [
        tuple(value for value in row if value is not None)
        for row in workbook.worksheets[0].iter_rows(values_only=True)
    ]
    assert (text["answered"], 5) in rows and ("Median", 5) in rows
    assert (on_site, 4, 0.8) in rows and (online, 1, 0.2) in rows

    # Members see nothing until the coordinator releases the results.
    member = attendees[1]
    member_results = site + _url(language, "feedback_results:detail", survey.pk)
    assert member.goto(member_results).status == 404
    coordinator.goto(site + reverse("admin:feedback_survey_change", args=[survey.pk]))
    coordinator.get_by_label(text["released"]).check()
    coordinator.get_by_role("button", name=text["save"], exact=True).click()
    coordinator.wait_for_load_state()
    survey.refresh_from_db()
    assert survey.results_released

    # Released: the charts, but no free text until the coordinator publishes some.
    assert member.goto(member_results).status == 200
    assert member.locator("svg.chart[role=img]").count() == 2
    assert "Tema 4" not in member.content()
    coordinator.goto(results_url)
    coordinator.locator("li", has_text="Tema 4").get_by_role("button", name=text["publish"]).click()
    coordinator.wait_for_load_state()
    member.reload()
    assert "Tema 4" in member.content() and "Tema 3" not in member.content()
    assert _checked_at_both_widths(member) == []

    # The trend: last year's meeting (median 3) and this one (median 5), chart and table.
    member.goto(site + _url(language, "feedback_results:trend", template.pk))
    table = member.locator("table.data-table--trend")
    assert table.locator("tbody tr").count() == 2
    assert "Fjolårets möte" in table.inner_text() or "Last year's meeting" in table.inner_text()
    assert member.locator("svg.chart--stacked[role=img] rect.chart__segment").count() == 4
    assert _checked_at_both_widths(member) == []
    coordinator.goto(site + reverse("admin:feedback_surveytemplate_trend", args=[template.pk]))
    assert coordinator.locator("table.data-table--trend tbody tr").count() == 2
    assert _checked_at_both_widths(coordinator) == []
