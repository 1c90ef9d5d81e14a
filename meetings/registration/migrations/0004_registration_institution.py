"""Registration.institution: the institution each person came from, for the counts per
institution. Existing registrations get the one the person represented on the meeting's
day, else the one they belong to now."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def backfill(apps, schema_editor):
    Registration = apps.get_model("registration", "Registration")
    Representation = apps.get_model("members", "Representation")
    for registration in Registration.objects.select_related("meeting", "person"):
        day = registration.meeting.date
        then = (
            Representation.objects.filter(person_id=registration.person_id, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .order_by("-started_on")
            .values_list("institution_id", flat=True)
            .first()
        )
        registration.institution_id = then or registration.person.institution_id
        registration.save(update_fields=["institution"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_user_language"),
        ("registration", "0003_registration_cancelled_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="institution",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="registrations",
                to="members.institution",
                verbose_name="institution",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
