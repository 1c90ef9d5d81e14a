"""Content types, permissions and history follow the models out of the project package.

Until the project package held configuration only, these models had the app label
``klossnet``. Their content types are renamed (so permissions, group rights, the admin log
and django-reversion's versions keep pointing at them) and the versions' serialized rows name
the new labels, so an old version can still be restored. A fresh database has none of this.
"""

from django.db import migrations

MOVED = {
    "page": "network",
    "testimonial": "network",
    "contact": "network",
    "accessibilitystatement": "network",
    "searchdocument": "search",
    "searchterm": "search",
    "sqlitesearchentry": "search",
    "outgoingmail": "core",
}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for model, app_label in MOVED.items():
        old = ContentType.objects.filter(app_label="klossnet", model=model).first()
        if old is None:
            continue
        if ContentType.objects.filter(app_label=app_label, model=model).exists():
            # Made by a migrate that ran before this one: keep the old row, which the
            # permissions and history point at.
            ContentType.objects.filter(app_label=app_label, model=model).delete()
        old.app_label = app_label
        old.save(update_fields=["app_label"])
        before, after = f'"model": "klossnet.{model}"', f'"model": "{app_label}.{model}"'
        for version in Version.objects.filter(content_type=old, serialized_data__contains=before):
            version.serialized_data = version.serialized_data.replace(before, after)
            version.save(update_fields=["serialized_data"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("core", "0001_initial"),
        ("search", "0001_initial"),
        ("network", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
