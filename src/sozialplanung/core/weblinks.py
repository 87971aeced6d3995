"""Web addresses shown as links. Only http(s): any other scheme (``javascript:``,
``data:``) in an href runs or shows content on our page when a visitor clicks it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

validate_web_address = URLValidator(schemes=["http", "https"])


def web_address_problem(text: str) -> str | None:
    """Why ``text`` is not a web address we link to, in German, or None when it is."""
    try:
        validate_web_address(text)
    except ValidationError:
        return f"„{text}“ ist keine Webadresse (nur http:// oder https://)"
    return None


def web_href(value: object) -> str:
    """``value`` when it may be an href, else "" (rows stored before imports checked it)."""
    text = str(value or "")
    return text if text and web_address_problem(text) is None else ""
