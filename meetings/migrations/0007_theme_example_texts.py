"""The four example themes of the network's description shared one boilerplate text; each
gets its own from the sources (content/meetings.json has the same). Only a description
still reading the boilerplate is replaced: a coordinator's own text stays."""

from django.db import migrations

OLD = {
    "sv": (
        "Ett av de teman som KLOSSnet nämner som exempel på sina tematiska träffar, där "
        "erfarenheter kring positiva och kritiska faktorer för samverkan delas."
    ),
    "en": (
        "One of the themes KLOSSnet names as examples of its thematic meetings, where "
        "experiences of positive and critical factors for collaboration are shared."
    ),
}

NEW = {
    "driving-forces": {
        "sv": (
            "Det första av de fyra exempel på teman för de tematiska träffarna som "
            "nätverkets beskrivning nämner. Redan KLOSS, projektet som KLOSSnet bygger "
            "vidare på, hade att identifiera hinder för samverkan som en av sina två "
            "huvudinriktningar."
        ),
        "en": (
            "The first of the four examples of themes for the thematic meetings that the "
            "network's description names. KLOSS, the project KLOSSnet builds on, already "
            "had identifying obstacles to collaboration as one of its two main directions."
        ),
    },
    "systematic-ways-of-working": {
        "sv": (
            "Ett av de fyra exempel på teman för de tematiska träffarna som nätverkets "
            "beskrivning nämner. Det knyter an till nätverkets syfte: att lärosätena stödjer "
            "varandra i att utforma och implementera nya arbetsformer, verktyg och modeller "
            "för långsiktig samverkan, som stärker forskning, utbildning och långsiktig "
            "utveckling."
        ),
        "en": (
            "One of the four examples of themes for the thematic meetings that the "
            "network's description names. It ties in with the network's purpose: that the "
            "institutions support each other in designing and implementing new ways of "
            "working, tools and models for long-term collaboration that strengthen "
            "research, education and long-term development."
        ),
    },
    "method-development-and-steering": {
        "sv": (
            "Ett av de fyra exempel på teman för de tematiska träffarna som nätverkets "
            "beskrivning nämner, i dess engelska version som ”Method development and "
            "steering mechanisms for collaboration”. KLOSS, som KLOSSnet bygger vidare på, "
            "initierades för att utveckla lärosätenas organisation och ledning avseende "
            "strategisk samverkan."
        ),
        "en": (
            "One of the four examples of themes for the thematic meetings that the "
            "network's description names; the Swedish version calls it “Metodutveckling "
            "och intern styrning”. KLOSS, which KLOSSnet builds on, was initiated to develop "
            "the institutions' organisation and management of strategic collaboration."
        ),
    },
    "anchoring-at-management-level": {
        "sv": (
            "Det sista av de fyra exempel på teman för de tematiska träffarna som "
            "nätverkets beskrivning nämner. Nätverket är självt byggt kring ledningsnivån: "
            "en ledningsperson per lärosäte, utsedd av rektor och med rektors uppdrag."
        ),
        "en": (
            "The last of the four examples of themes for the thematic meetings that the "
            "network's description names. The network itself is built around the "
            "management level: one person from the management of each institution, "
            "appointed by the vice-chancellor and with the vice-chancellor's mandate."
        ),
    },
}


def own_texts(apps, schema_editor):
    Theme = apps.get_model("meetings", "Theme")
    for theme in Theme.objects.filter(slug_en__in=NEW):
        changed = []
        for language in ("sv", "en"):
            field = f"description_{language}"
            if getattr(theme, field) == OLD[language]:
                setattr(theme, field, NEW[theme.slug_en][language])
                changed.append(field)
        if "description_sv" in changed:
            theme.description = theme.description_sv
            changed.append("description")
        if changed:
            theme.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_host_note_help")]

    operations = [migrations.RunPython(own_texts, migrations.RunPython.noop)]
