"""Numbers as people type them into forms (``web.typed``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sozialplanung.web.typed import parse_decimal


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1.234,5", "1234.5"),
        ("250.000", "250000"),
        ("1.234.567", "1234567"),
        ("12.5", "12.5"),
        ("3,5", "3.5"),
        ("−1,25", "-1.25"),
        ("250 000", "250000"),
        ("507", "507"),
    ],
)
def test_typed_numbers(typed, number):
    assert parse_decimal(typed) == Decimal(number)


def test_empty_is_none():
    assert parse_decimal("  ") is None


@pytest.mark.parametrize("typed", ["viel", "1,2,3", "NaN", "Infinity", "1.2.3"])
def test_not_numbers(typed):
    with pytest.raises(ValueError):
        parse_decimal(typed)
