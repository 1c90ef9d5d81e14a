"""The privacy page tells what registration stores and when the personal notes go."""

from django.conf import settings


def test_privacy_page_documents_registrations_and_the_retention(client, seeded):
    days = settings.REGISTRATION_PERSONAL_NOTES_RETENTION_DAYS
    swedish = client.get("/sv/integritetspolicy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert f"raderas automatiskt {days} dagar efter mötet" in swedish
    assert "även dina mötesanmälningar" in swedish
    assert f"deleted automatically {days} days after the meeting" in english
    assert "your meeting registrations are erased too" in english
