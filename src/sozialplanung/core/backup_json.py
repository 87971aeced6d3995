"""The serialisation format of backups: Django's JSON with times to the microsecond.

Django's JSON encoder cuts times to milliseconds (ECMA-262 style); a backup must give
back what it saved, so this format writes full ISO times. Reading is Django's JSON reader,
which parses them. Registered as the serialisation format ``sicherung`` by core/backup.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self) -> None:
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
