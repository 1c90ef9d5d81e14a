"""Delete dietary and accessibility notes a set number of days after each meeting.

Run it daily (cron or a systemd timer). The number of days is the setting
REGISTRATION_PERSONAL_NOTES_RETENTION_DAYS (30 unless the environment says otherwise).
"""

from django.core.management.base import BaseCommand

from meetings.registration.models import retention_days
from meetings.registration.services import registration_notes_erase


class Command(BaseCommand):
    help = "Delete registrations' dietary and accessibility notes N days after the meeting."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override the setting.")

    def handle(self, *args, days, verbosity, **options):
        days = retention_days() if days is None else days
        count = registration_notes_erase(days=days)
        if verbosity:
            self.stdout.write(f"Deleted the notes of {count} registrations ({days} days after).")
