import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone, translation

from tests.factories import InstitutionFactory, PersonFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def member_institution(db):
    return InstitutionFactory(email_domains="medlem.se\nstudent.medlem.se")


@pytest.fixture
def member(member_institution):
    """A member: approved login linked to a person at a current member institution."""
    user = UserFactory(username="ada@medlem.se", approved_at=timezone.now())
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    PersonFactory(name="Ada Lovelace", institution=member_institution, user=user)
    return user


@pytest.fixture
def non_member(db):
    """A verified login that is not a member (no person, not marked)."""
    user = UserFactory(username="outsider@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """Requests switch the thread's language; start every test in Swedish, the default."""
    with translation.override("sv"):
        yield
