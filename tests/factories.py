"""factory-boy factories for every app's models. Plain data, no surprising side effects."""

import datetime

import factory

from feedback.models import Choice, Question, Survey, SurveyTemplate
from guests.models import Guest, Organisation, Talk
from meetings.models import AgendaItem, Meeting, MeetingHost, StudyVisit, Theme
from members.models import Institution, Person, Representation, User
from projects.models import (
    Funder,
    Funding,
    Participant,
    Project,
    ProjectContact,
    ProjectMeeting,
    ProjectResult,
)
from records.models import CarriedQuestion, Record, RecordSection, Visibility
from steering.models import SteeringGroupMembership, WorkingGroup, WorkingGroupMembership


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery staple")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Lärosäte {n}")
    name_en = factory.Sequence(lambda n: f"Institution {n}")
    short_name = factory.Sequence(lambda n: f"L{n}")
    slug = factory.Sequence(lambda n: f"larosate-{n}")
    slug_en = factory.Sequence(lambda n: f"institution-{n}")
    kind = Institution.Kind.UNIVERSITY
    city = "Stockholm"
    member_since = datetime.date(2017, 3, 8)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    title = "vicerektor"
    title_en = "Pro-Vice-Chancellor"
    institution = factory.SubFactory(InstitutionFactory)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "08-123 456 78"


class RepresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representation

    person = factory.SubFactory(PersonFactory)
    institution = factory.SelfAttribute("person.institution")
    started_on = datetime.date(2017, 3, 8)


# --- meetings ---------------------------------------------------------------------------


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    date = factory.Sequence(lambda n: datetime.date(2010, 1, 1) + datetime.timedelta(days=30 * n))
    title = factory.Sequence(lambda n: f"Möte {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"mote-{n}")
    slug_en = factory.Sequence(lambda n: f"meeting-{n}")
    city = "Uppsala"
    kind = Meeting.Kind.NETWORK_MEETING
    format = Meeting.Format.ON_SITE
    is_published = True


class MeetingHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingHost

    meeting = factory.SubFactory(MeetingFactory)
    institution = factory.SubFactory(InstitutionFactory)


class StudyVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyVisit

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Studiebesök {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Punkt {n}")


# --- records ----------------------------------------------------------------------------


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Record

    meeting = factory.SubFactory(MeetingFactory)
    state = Record.State.FINAL


class RecordSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordSection

    record = factory.SubFactory(RecordFactory)
    kind = RecordSection.Kind.INSIGHT
    order = factory.Sequence(lambda n: n)
    # Explicit languages: a request in an earlier test may leave English active.
    text_sv = factory.Sequence(lambda n: f"Insikt nummer {n}.")
    text_en = factory.Sequence(lambda n: f"Insight number {n}.")
    visibility = Visibility.PUBLIC


class CarriedQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarriedQuestion

    raised_at = factory.SubFactory(MeetingFactory)
    text_sv = factory.Sequence(lambda n: f"Fråga {n}?")
    text_en = factory.Sequence(lambda n: f"Question {n}?")
    visibility = Visibility.PUBLIC


# --- steering ---------------------------------------------------------------------------


class SteeringGroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringGroupMembership

    person = factory.SubFactory(PersonFactory)
    institution = factory.SelfAttribute("person.institution")
    role = SteeringGroupMembership.Role.MEMBER
    started_on = datetime.date(2020, 1, 1)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    name = factory.Sequence(lambda n: f"Arbetsgrupp {n}")
    name_en = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"arbetsgrupp-{n}")
    slug_en = factory.Sequence(lambda n: f"working-group-{n}")
    started_on = datetime.date(2022, 1, 1)


class WorkingGroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroupMembership

    working_group = factory.SubFactory(WorkingGroupFactory)
    person = factory.SubFactory(PersonFactory)
    institution = factory.SelfAttribute("person.institution")


# --- projects ---------------------------------------------------------------------------


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder

    name = factory.Sequence(lambda n: f"Finansiär {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Projekt {n}")
    name_en = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    slug_en = factory.Sequence(lambda n: f"project-{n}")
    started_on = datetime.date(2020, 1, 1)


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    project = factory.SubFactory(ProjectFactory)
    funder = factory.SubFactory(FunderFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    project = factory.SubFactory(ProjectFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Participant.Role.PARTNER


class ProjectContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectContact

    project = factory.SubFactory(ProjectFactory)
    person = factory.SubFactory(PersonFactory)
    institution = factory.SelfAttribute("person.institution")
    role = ProjectContact.Role.CONTACT


class ProjectResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectResult

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Rapport {n}")
    title_en = factory.Sequence(lambda n: f"Report {n}")


class ProjectMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMeeting

    project = factory.SubFactory(ProjectFactory)
    date = datetime.date(2021, 3, 16)
    title = factory.Sequence(lambda n: f"Träff {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")


class SurveyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyTemplate

    title_sv = factory.Sequence(lambda n: f"Utvärdering {n}")
    title_en = factory.Sequence(lambda n: f"Evaluation {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    template = factory.SubFactory(SurveyTemplateFactory)
    position = factory.Sequence(lambda n: n)
    key = factory.Sequence(lambda n: f"question-{n}")
    kind = Question.Kind.SCALE
    text_sv = factory.Sequence(lambda n: f"Fråga {n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")
    low_label_sv = "Inte alls"
    low_label_en = "Not at all"
    high_label_sv = "I hög grad"
    high_label_en = "Very much"


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.SINGLE)
    position = factory.Sequence(lambda n: n)
    label_sv = factory.Sequence(lambda n: f"Alternativ {n}")
    label_en = factory.Sequence(lambda n: f"Option {n}")


class SurveyFactory(factory.django.DjangoModelFactory):
    """A survey of a past meeting (the factory's meetings are in the 2010s), open today
    unless told otherwise."""

    class Meta:
        model = Survey

    meeting = factory.SubFactory(MeetingFactory)
    template = factory.SubFactory(SurveyTemplateFactory)
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))


# --- guests -----------------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Myndighet {n}")
    name_en = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.AGENCY


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    name = factory.Sequence(lambda n: f"Gäst Gästsson {n}")
    role = "utredare"
    role_en = "investigator"
    publicly_named = True


class TalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Talk

    agenda_item = factory.SubFactory(AgendaItemFactory)
    guest = factory.SubFactory(GuestFactory)
