"""Reads of records and carried-forward questions, and the sections they add to the meeting
page, the theme page and the members' start page (hooks of meetings, overview, members)."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.publishing import published_q
from meetings.models import Meeting, Theme
from members.permissions import is_member

from .attendance import meetings_attended
from .models import CarriedQuestion, Record, RecordSection, Visibility


def _sections(*, member: bool, kinds=None) -> Prefetch:
    sections = RecordSection.objects.select_related("agenda_item", "institution")
    if not member:
        sections = sections.filter(visibility=Visibility.PUBLIC)
    if kinds:
        sections = sections.filter(kind__in=kinds)
    return Prefetch("sections", queryset=sections, to_attr="visible_sections")


def record_for_page(meeting: Meeting, *, member: bool) -> Record | None:
    """The meeting's final record with the parts the visitor may see (two queries)."""
    return (
        Record.objects.final()
        .filter(meeting=meeting)
        .annotate(
            members_parts=Count("sections", filter=Q(sections__visibility=Visibility.MEMBERS))
        )
        .prefetch_related(_sections(member=member), "documents", "photos")
        .first()
    )


def record_for_review(record_pk: int, user) -> Record | None:
    """A record in review that ``user`` attended the meeting of, every part with it."""
    records = Record.objects.filter(state=Record.State.REVIEW)
    if not user.is_staff:
        records = records.filter(meeting__in=meetings_attended(user))
    return (
        records.filter(pk=record_pk)
        .select_related("meeting")
        .prefetch_related(_sections(member=True))
        .first()
    )


def records_in_review(user) -> QuerySet[Record]:
    """Records waiting for ``user``'s corrections: in review, of meetings they attended."""
    return (
        Record.objects.filter(state=Record.State.REVIEW, meeting__in=meetings_attended(user))
        .select_related("meeting")
        .order_by("-meeting__date")
    )


def pdf_links(meeting: Meeting) -> list[dict]:
    """The record's PDF in each language: code, language name and address."""
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            links.append(
                {
                    "language": code,
                    "name": translation.get_language_info(code)["name_local"],
                    "url": reverse("records:record_pdf", kwargs={"slug": meeting.slug}),
                }
            )
    return links


def group_sections(sections) -> dict[str, list[RecordSection]]:
    """The parts of a record by kind, in the order the page shows them."""
    grouped = {kind: [] for kind in RecordSection.Kind.values}
    for section in sections:
        grouped[section.kind].append(section)
    return grouped


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.published()
        .filter(date__lt=meeting.date)
        .exclude(pk=meeting.pk)
        .order_by("-date", "-pk")
        .first()
    )


def questions_open_at(meeting: Meeting, *, member: bool) -> list[CarriedQuestion]:
    """The questions still open when ``meeting`` took place, oldest first (one query)."""
    return list(
        CarriedQuestion.objects.open_at(meeting)
        .filter(published_q("raised_at__"))
        .visible_to(member=member)
        .select_related("raised_at", "resolved_at")
    )


def meeting_sections(request, meeting: Meeting) -> list[dict]:
    """ "Since last time" at the top of a meeting's page; its record and the questions it
    carried forward after the agenda (meetings' extension point, six queries)."""
    member = is_member(request.user)
    sections = []
    previous = previous_meeting(meeting)
    insights = []
    if previous is not None:
        previous_record = (
            Record.objects.final()
            .filter(meeting=previous)
            .prefetch_related(_sections(member=member, kinds=[RecordSection.Kind.INSIGHT]))
            .first()
        )
        insights = previous_record.visible_sections if previous_record else []
    open_questions = questions_open_at(meeting, member=member)
    if insights or open_questions:
        sections.append(
            {
                "id": "since-last-time",
                "title": _("Since last time"),
                "template": "records/includes/since_last_time.html",
                "context": {
                    "previous": previous,
                    "insights": insights,
                    "open_questions": open_questions,
                },
                "order": 10,
                "place": "start",
            }
        )
    record = record_for_page(meeting, member=member)
    raised = list(
        CarriedQuestion.objects.filter(raised_at=meeting)
        .visible_to(member=member)
        .select_related("resolved_at")
    )
    if record is not None or raised:
        grouped = group_sections(record.visible_sections) if record else {}
        sections.append(
            {
                "id": "record",
                "title": _("Record of the meeting"),
                "template": "records/includes/meeting_record.html",
                "context": {
                    "record": record,
                    "day_summary": grouped.get(RecordSection.Kind.SUMMARY, []),
                    "insights": grouped.get(RecordSection.Kind.INSIGHT, []),
                    "raised_questions": raised,
                    "pdf_links": pdf_links(meeting) if record else [],
                    "has_hidden_parts": bool(record and not member and record.members_parts),
                },
                "order": 10,
                "place": "end",
            }
        )
    return sections


def theme_questions(theme: Theme, *, member: bool) -> list[CarriedQuestion]:
    return list(
        CarriedQuestion.objects.filter(themes=theme)
        .filter(published_q("raised_at__"))
        .visible_to(member=member)
        .select_related("raised_at", "resolved_at")
        .order_by("-raised_at__date", "order", "pk")
    )


def theme_sections(request, theme: Theme) -> list[dict]:
    """Open and answered questions on a theme's page (overview's extension point, one
    query)."""
    questions = theme_questions(theme, member=is_member(request.user))
    if not questions:
        return []
    return [
        {
            "id": "carried-questions",
            "title": _("Questions carried forward"),
            "template": "records/includes/theme_questions.html",
            "context": {
                "open_questions": [q for q in questions if q.is_open],
                "answered_questions": [q for q in questions if not q.is_open],
            },
            "order": 20,
        }
    ]


def members_area_sections(request) -> list[dict]:
    """Records waiting for the member's corrections (members' extension point, one query)."""
    records = list(records_in_review(request.user))
    if not records:
        return []
    return [
        {
            "id": "records-in-review",
            "title": _("Records to review"),
            "template": "records/includes/area_records_in_review.html",
            "context": {"records": records},
            "order": 30,
        }
    ]


def home_sections(request) -> list[dict]:
    """The latest final record's public key insights on the start page (network's extension
    point, two queries). Public parts only, for everyone: the page is cached whole for
    visitors without a session."""
    record = (
        Record.objects.final()
        .filter(meeting__in=Meeting.objects.published().past())
        .filter(sections__kind=RecordSection.Kind.INSIGHT, sections__visibility=Visibility.PUBLIC)
        .select_related("meeting")
        .prefetch_related(_sections(member=False, kinds=[RecordSection.Kind.INSIGHT]))
        .order_by("-meeting__date", "-pk")
        .first()
    )
    if record is None:
        return []
    return [
        {
            "id": "latest-record",
            "title": _("From the latest meeting"),
            "template": "records/includes/home_latest_record.html",
            "context": {"record": record, "insights": record.visible_sections},
            "order": 20,
        }
    ]
