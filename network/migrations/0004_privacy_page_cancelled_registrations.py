"""The privacy page says that a cancelled registration is kept as cancelled, with the time,
and that its dietary and accessibility notes are deleted at once.

As in 0003: a sentence is added only where the text still reads as the seed wrote it, so a
coordinator's own wording is left alone. The seed (content/network.json) holds the new text.
"""

from django.db import migrations

CHANGES = {
    "body_sv": [
        (
            "själva anmälan och närvaron sparas som underlag för nätverkets verksamhet.",
            "själva anmälan och närvaron sparas som underlag för nätverkets verksamhet. En avbokad anmälan sparas som avbokad, med tidpunkten, och dess uppgifter om specialkost och tillgänglighetsbehov raderas direkt.",
        ),
    ],
    "body_en": [
        (
            "the registration itself and the attendance are kept as a record of the network's activities.",
            "the registration itself and the attendance are kept as a record of the network's activities. A cancelled registration is kept as cancelled, with the time, and its dietary requirements and accessibility needs are deleted at once.",
        ),
    ],
}


def _apply(apps, schema_editor, backwards=False):
    Page = apps.get_model("network", "Page")
    for page in Page.objects.filter(key="privacy"):
        changed = False
        for field, pairs in CHANGES.items():
            text = getattr(page, field, None) or ""
            for old, new in pairs:
                if backwards:
                    old, new = new, old
                if old in text and new not in text:
                    text = text.replace(old, new, 1)
                    changed = True
            setattr(page, field, text)
        if changed:
            page.body = page.body_sv
            page.save()


def forwards(apps, schema_editor):
    _apply(apps, schema_editor)


def backwards(apps, schema_editor):
    _apply(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("network", "0003_privacy_page_attendance")]

    operations = [migrations.RunPython(forwards, backwards)]
