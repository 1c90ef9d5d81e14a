"""The privacy page says that attendance at meetings is personal data, who sees it, and that
it is kept and erased as the registration it belongs to.

Databases loaded before have the seed's old text: each sentence is changed only where it
still reads as the seed wrote it, so a coordinator's own wording is left alone (and then
theirs to bring up to date). The seed (content/network.json) holds the new text.
"""

from django.db import migrations

# The erasure sentence in its two seed wordings: with and without the e-mail settings.
CHANGES = {
    "body_sv": [
        (
            "Uppgifter om specialkost och tillgänglighetsbehov ser bara koordinatorn; de behövs för att ordna mötet.",
            "Uppgifter om specialkost och tillgänglighetsbehov ser bara koordinatorn; de behövs för att ordna mötet.\n- Närvaro vid nätverksmöten: vilka delar av ett möte du deltog i, hade anmält förhinder till eller inte kom till, vem som noterade det och när, även för den som kom utan anmälan och lades till på plats. Din närvaro ser bara koordinatorn och du själv (”Mina möten” i medlemsområdet); lärosätets sida visar bara hur många möten lärosätet deltog i per år, utan namn. Namnbrickans QR-kod innehåller en signerad länk som bara en inloggad koordinator kan använda.",
        ),
        (
            "själva anmälan sparas som underlag för nätverkets verksamhet.",
            "själva anmälan och närvaron sparas som underlag för nätverkets verksamhet.",
        ),
        (
            "och då raderas även dina mötesanmälningar, dina e-postinställningar",
            "och då raderas även dina mötesanmälningar och din närvaro, dina e-postinställningar",
        ),
        (
            "och då raderas även dina mötesanmälningar.",
            "och då raderas även dina mötesanmälningar och din närvaro.",
        ),
    ],
    "body_en": [
        (
            "Dietary requirements and accessibility needs are seen only by the coordinator; they are needed to arrange the meeting.",
            "Dietary requirements and accessibility needs are seen only by the coordinator; they are needed to arrange the meeting.\n- Attendance at network meetings: which parts of a meeting you attended, were excused from or did not come to, who noted it and when, also for those who came without registering and were added at the door. Only the coordinator and you yourself see your attendance (“My meetings” in the members' area); an institution's page shows only how many meetings it attended per year, without names. The QR code on a name badge holds a signed link that only a logged-in coordinator can use.",
        ),
        (
            "the registration itself is kept as a record of the network's activities.",
            "the registration itself and the attendance are kept as a record of the network's activities.",
        ),
        (
            "and your meeting registrations are erased too, with your e-mail settings",
            "and your meeting registrations and attendance are erased too, with your e-mail settings",
        ),
        (
            "and your meeting registrations are erased too.",
            "and your meeting registrations and attendance are erased too.",
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
    dependencies = [("network", "0002_content_types_from_klossnet")]

    operations = [migrations.RunPython(forwards, backwards)]
