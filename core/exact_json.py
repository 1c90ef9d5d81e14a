"""Django's JSON serialization with times to the microsecond (for backups).

The stock JSON encoder cuts times to milliseconds, so a dump and load would not give back
identical rows. The standard ``json`` deserializer reads these values as they are.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder  # noqa: F401
from django.core.serializers.json import Serializer as JSONSerializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
