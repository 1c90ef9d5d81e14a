"""The signed link in a survey's e-mail: it answers for one person and one survey, without
logging in, until the survey's closing day.

The link carries the survey, the person and the closing day it was made for, signed with
the secret key (``django.core.signing``, with a salt of its own so no other signed value of
the portal is accepted here). Whoever holds the link answers as that person, as with the
unsubscribe link; it says nothing about what they answer (``feedback.models``).
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils import translation

from members.models import Person

from .models import Survey

SALT = "feedback.survey-link"


def survey_link_token(*, survey: Survey, person: Person) -> str:
    return signing.dumps(
        {"s": survey.pk, "p": person.pk, "e": survey.closes_on.isoformat()}, salt=SALT
    )


def survey_link_path(*, survey: Survey, person: Person, language: str) -> str:
    """The link's path in ``language`` (prefix it with ``DJANGO_SITE_URL``)."""
    with translation.override(language):
        return reverse(
            "feedback_area:survey_link",
            kwargs={"token": survey_link_token(survey=survey, person=person)},
        )


@dataclass(frozen=True)
class SurveyLink:
    survey: Survey
    person: Person
    # The survey's closing day when the link was made: it answers until then.
    expires_on: datetime.date

    def expired(self, today: datetime.date) -> bool:
        return today > self.expires_on


def survey_link_read(token: str) -> SurveyLink | None:
    """What a genuine link stands for (None for a forged or altered one, or one whose
    survey or person no longer exists)."""
    try:
        data = signing.loads(token, salt=SALT)
        survey_pk, person_pk = int(data["s"]), int(data["p"])
        expires_on = datetime.date.fromisoformat(str(data["e"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    survey = Survey.objects.select_related("meeting", "template").filter(pk=survey_pk).first()
    person = Person.objects.filter(pk=person_pk).first()
    if survey is None or person is None:
        return None
    return SurveyLink(survey=survey, person=person, expires_on=expires_on)
