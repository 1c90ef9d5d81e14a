"""Django's own Swedish for messages Django REST framework translates differently.

rest_framework is an installed app, so its catalogue would win over Django's for these
form messages on every page. Listing them here puts Django's wording in the project
catalogue (locale/), which wins over every app's.
"""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("This field is required."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
]
