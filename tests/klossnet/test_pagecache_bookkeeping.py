"""What the portal keeps for its own bookkeeping never shows on a public page, so writing it
leaves the page cache as it was (core.pagecache: ``page_cache_ignored``): an e-mail the
server refused, an unsubscribe, a blocked address, an invitation, a backup."""

import pytest
from django.core.mail import EmailMessage

from core import pagecache
from core.mail import mail_send
from core.mail_preferences import mail_switch
from core.models import MailOptOut, OutgoingMail, SuppressedAddress
from members.models import Invitation
from operations.models import Backup
from tests.factories import MeetingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(django_capture_on_commit_callbacks):
    """The content version before and after the test's writes (on commit too)."""
    MeetingFactory()  # a content change, so a version exists
    before = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        yield lambda: pagecache.content_version() == before


def test_a_refused_e_mail_kept_to_send_again_leaves_the_cache(settings, version):
    settings.EMAIL_BACKEND = "tests.failing_mail.FailingBackend"
    mail_send(EmailMessage("Hej", "Hej!", to=["ada@umu.se"]), kind="registration/confirmation")
    assert OutgoingMail.objects.exists() and version()


@pytest.fixture
def user(db):
    return UserFactory()


def test_an_unsubscribe_leaves_the_cache(user, version):
    mail_switch(recipient=user, kind="meeting/save_the_date", on=False)
    assert MailOptOut.objects.exists() and version()


def test_a_blocked_address_an_invitation_and_a_backup_leave_the_cache(version):
    person = PersonFactory()
    assert not version()  # a person is content: the version moved
    after_the_person = pagecache.content_version()
    SuppressedAddress.objects.create(address="bounce@umu.se", reason="bounced")
    Invitation.objects.create(person=person, email="ada@umu.se", token_hash="x" * 64)
    Backup.objects.create(state=Backup.State.QUEUED)
    assert pagecache.content_version() == after_the_person
