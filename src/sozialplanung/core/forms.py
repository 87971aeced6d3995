"""Form fields every app's forms share: dates and numbers typed the German way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.formats.numbers import cents, parse_decimal

# Typed the German way; ISO as well, because browsers and scripts send it.
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


def date_field(label: Any, *, required: bool = True, help_text: Any = None) -> forms.DateField:
    """A date typed as DD.MM.YYYY and shown back that way."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d.%m.%Y", attrs={"inputmode": "numeric", "size": 10}),
        help_text=help_text or _("DD.MM.YYYY"),
    )


def check_upload_size(upload: Any) -> None:
    """Refuse an upload above ``MAX_UPLOAD_MB`` (a field validator: Django's own
    upload limits do not cap files it streams to disk)."""
    if upload is not None and upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(
            gettext("The file is larger than %(mb)s MB.") % {"mb": settings.MAX_UPLOAD_MB}
        )


def parse_german_decimal(text: str) -> Decimal | None:
    """ "1.234,5" → 1234.5, "507" → 507, "12.5" → 12.5 (see ``core.formats.numbers``)."""
    try:
        return parse_decimal(text)
    except ValueError:
        raise forms.ValidationError(
            gettext("“%(value)s” is not a number; write it as 1.234,5.") % {"value": text.strip()}
        ) from None


class GermanDecimalInput(forms.TextInput):
    """Shows a stored number the German way (1234,50), so it parses back unchanged."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal):
            return format(value.normalize(), "f").replace(".", ",")
        return super().format_value(value)


class GermanDecimalField(forms.Field):
    """A number typed the German way, kept to the cent, at most ``max_digits`` digits."""

    widget = GermanDecimalInput

    def __init__(self, *, max_digits: int = 14, **kwargs: Any) -> None:
        self.max_digits = max_digits
        kwargs.setdefault("widget", GermanDecimalInput(attrs={"inputmode": "decimal", "size": 12}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        number = parse_german_decimal(str(value))
        if number is not None:
            number = cents(number)
            if len(number.as_tuple().digits) > self.max_digits:
                raise forms.ValidationError(gettext("The number is too large."))
        return number
