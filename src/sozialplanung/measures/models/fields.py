"""Field helpers of the measures models: quarters."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

QUARTER_RE = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")
ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def validate_quarter(value: str) -> None:
    if value and not QUARTER_RE.match(value):
        raise ValidationError(
            _("“%(value)s” is not a quarter; write it as 2019-Q3."), params={"value": value}
        )


def quarter_label(value: str) -> str:
    """ "2019-Q3" → "III/2019", the way Dresden's letters name quarters."""
    match = QUARTER_RE.match(value or "")
    if not match:
        return value or ""
    return f"{ROMAN[match['quarter']]}/{match['year']}"


def quarter_field(verbose: Any) -> models.CharField:
    return models.CharField(
        verbose, max_length=7, blank=True, default="", validators=[validate_quarter]
    )
