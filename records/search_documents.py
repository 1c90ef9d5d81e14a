"""What the site search finds in the meetings' records (see search.registry): each part of a
final record, members-only parts only by members."""

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.publishing import indexable_q
from meetings.models import Meeting
from search.registry import Entry, Provider, plain

from .models import CarriedQuestion, Record, RecordSection, Visibility


def _sections_of_record(record) -> list[int]:
    return list(record.sections.values_list("pk", flat=True))


def _sections_of_meeting(meeting) -> list[int]:
    return list(
        RecordSection.objects.filter(record__meeting_id=meeting.pk).values_list("pk", flat=True)
    )


class RecordSectionProvider(Provider):
    kind = "record_section"
    label = _("Meeting records")
    position = 25
    model = RecordSection
    watch = {
        "records.RecordSection": lambda section: [section.pk],
        "records.Record": _sections_of_record,
        "meetings.Meeting": _sections_of_meeting,
        "meetings.AgendaItem": lambda item: item.record_sections.values_list("pk", flat=True),
    }

    def queryset(self):
        return RecordSection.objects.filter(
            record__state=Record.State.FINAL,
            record__meeting__in=Meeting.objects.filter(indexable_q()),
        ).select_related("record__meeting", "agenda_item", "institution")

    def entry(self, section):
        record = section.record
        if not record.is_final:
            return None
        meeting = record.meeting
        heading = section.heading or section.get_kind_display()
        return Entry(
            title=gettext("%(part)s – record of %(meeting)s")
            % {"part": str(heading)[:1].upper() + str(heading)[1:], "meeting": meeting.title},
            body="\n".join(
                part
                for part in (
                    plain(section.text),
                    section.named_person,
                    section.institution.name if section.institution_id else "",
                    f"{meeting.title}, {date_format(meeting.date, 'j F Y')}",
                )
                if part
            ),
            url=f"{record.get_absolute_url()}#part-{section.pk}",
            members_only=section.visibility != Visibility.PUBLIC,
            publish_from=meeting.publish_from,
            publish_until=meeting.publish_until,
        )


class CarriedQuestionProvider(Provider):
    kind = "carried_question"
    label = _("Questions carried forward")
    position = 26
    model = CarriedQuestion
    watch = {
        "records.CarriedQuestion": lambda question: [question.pk],
        "meetings.Meeting": lambda meeting: meeting.carried_questions.values_list("pk", flat=True),
    }

    def queryset(self):
        return CarriedQuestion.objects.filter(
            raised_at__in=Meeting.objects.filter(indexable_q())
        ).select_related("raised_at")

    def entry(self, question):
        meeting = question.raised_at
        return Entry(
            title=question.text[:200],
            body="\n".join(
                part
                for part in (
                    question.note,
                    question.get_status_display(),
                    f"{meeting.title}, {date_format(meeting.date, 'j F Y')}",
                )
                if part
            ),
            url=f"{meeting.get_absolute_url()}#question-{question.pk}",
            members_only=question.visibility != Visibility.PUBLIC,
            publish_from=meeting.publish_from,
            publish_until=meeting.publish_until,
        )


PROVIDERS = [RecordSectionProvider(), CarriedQuestionProvider()]
