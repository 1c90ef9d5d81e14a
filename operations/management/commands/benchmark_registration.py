"""Time registering N members for one meeting, the registration page afterwards, and the
coordinator's attendance page on the day with all of them (budget: 100 ms).

Part of ``make benchmark`` (a throwaway SQLite database). Each registration goes through
``registration_create`` like a member's, with row locks, waiting lists and the e-mail with
its .ics (to the in-memory backend). 500 registered is 20 times a meeting's usual size;
half of them are then marked attended through the same service a tap uses.
"""

import datetime
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import Meeting, StudyVisit
from meetings.registration.models import Entry
from meetings.registration.services import (
    entry_attendance_mark,
    registration_create,
    registration_setup,
)
from members.models import Institution, Person, User
from members.services import coordinator_ensure
from operations.management.commands.benchmark import measure

# The attendance page must answer within this at 20 times a meeting's size (issue 21).
ATTENDANCE_BUDGET_MS = 100


class Command(BaseCommand):
    help = "Time registering N members (make benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=500)
        parser.add_argument("--repeat", type=int, default=20)

    def handle(self, *args, count, repeat, **options):
        if "benchmark" not in str(settings.DATABASES["default"]["NAME"]):
            raise CommandError("Run this through `make benchmark` (it uses a throwaway database).")
        setup_test_environment()  # e-mail to memory, the test client's host allowed
        translation.activate("sv")
        meeting, parts = self._meeting()
        people = self._members(count)
        timings = []
        start = time.perf_counter()
        for n, person in enumerate(people):
            chosen = [parts["visits"][n % len(parts["visits"])], parts["dinner"], parts["meeting"]]
            began = time.perf_counter()
            registration_create(
                user=person.user,
                meeting=meeting,
                person=person,
                parts=chosen,
                language="sv",
                listing_consent=bool(n % 2),
                diet="Vegetarisk" if n % 5 == 0 else "",
            )
            timings.append((time.perf_counter() - began) * 1000)
        total = time.perf_counter() - start
        waiting = Entry.objects.filter(status=Entry.Status.WAITLISTED).count()
        self.stdout.write(
            f"registration: {count} members registered in {total:.2f} s "
            f"(median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms each; "
            f"{waiting} places on waiting lists)"
        )
        client = Client()
        client.force_login(people[0].user)
        url = reverse("registration:meeting", kwargs={"slug": meeting.slug})
        page_ms, queries = measure([url], repeat, client=client)[url]
        self.stdout.write(
            f"registration page with {count} registered: {page_ms:.1f} ms, {queries} queries"
        )
        self._attendance(meeting, parts["meeting"], repeat)

    def _attendance(self, meeting, part, repeat: int) -> None:
        coordinator = coordinator_ensure(email="koordinator@example.org", password=None)
        entries = list(Entry.objects.filter(part=part).order_by("pk"))
        timings = []
        for entry in entries[::2]:
            began = time.perf_counter()
            entry_attendance_mark(entry=entry, attendance="attended", marked_by=coordinator)
            timings.append((time.perf_counter() - began) * 1000)
        client = Client()
        client.force_login(coordinator)
        url = reverse("registration:attendance", kwargs={"pk": meeting.pk})
        paths = [f"{url}?part={part.pk}", f"{url}?part={part.pk}&q=deltagare+4"]
        results = measure(paths, repeat, client=client)
        for path, label in zip(paths, ["everyone", "a search"], strict=True):
            page_ms, queries = results[path]
            verdict = "within" if page_ms < ATTENDANCE_BUDGET_MS else "OVER"
            self.stdout.write(
                f"attendance page, {label}, {len(entries)} on the part: {page_ms:.1f} ms, "
                f"{queries} queries ({verdict} the {ATTENDANCE_BUDGET_MS} ms budget)"
            )
        self.stdout.write(
            f"attendance marked: median {statistics.median(timings):.1f} ms per tap "
            f"({len(timings)} marked)"
        )

    def _meeting(self):
        day = timezone.localdate() + datetime.timedelta(days=60)
        meeting = Meeting.objects.create(
            date=day,
            eve_date=day - datetime.timedelta(days=1),
            title="Benchmark-möte",
            slug=f"benchmark-{day:%Y%m%d}-{Meeting.objects.count()}",
            is_published=True,
            dinner_note="Middag",
        )
        for n in range(3):
            StudyVisit.objects.create(meeting=meeting, name=f"Studiebesök {n}", order=n)
        registration_setup(meeting=meeting)
        found = list(meeting.registration_parts.all())
        by_kind = {part.kind: part for part in found}
        visits = [part for part in found if part.kind == "study_visit"]
        for part in visits:
            part.capacity = 120
            part.save()
        by_kind["dinner"].capacity = 400
        by_kind["dinner"].save()
        return meeting, {
            "visits": visits,
            "dinner": by_kind["dinner"],
            "meeting": by_kind["meeting"],
        }

    def _members(self, count: int) -> list[Person]:
        since = datetime.date(2017, 1, 1)
        institutions = [
            Institution.objects.create(
                name=f"Benchmark-lärosäte {n}",
                slug=f"benchmark-larosate-{n}",
                kind=Institution.Kind.UNIVERSITY,
                member_since=since,
            )
            for n in range(40)
        ]
        users = User.objects.bulk_create(
            User(
                username=f"bench{n}@example.org",
                email=f"bench{n}@example.org",
                approved_at=timezone.now(),
            )
            for n in range(count)
        )
        return list(
            Person.objects.bulk_create(
                Person(
                    name=f"Deltagare {n}",
                    institution=institutions[n % 40],
                    user=user,
                    email=user.email,
                )
                for n, user in enumerate(users)
            )
        )
