"""What other apps add to the start page (contract: ``network.apps``)."""

from django.apps import apps
from django.utils.module_loading import import_string


def home_sections(request) -> list[dict]:
    """The sections every installed app's ``AppConfig.home_sections`` returns, by ``order``."""
    sections: list[dict] = []
    for app_config in apps.get_app_configs():
        path = getattr(app_config, "home_sections", None)
        if not path:
            continue
        for number, section in enumerate(import_string(path)(request), start=1):
            sections.append({"id": f"{app_config.label}-{number}", **section})
    return sorted(sections, key=lambda section: section.get("order", 0))
