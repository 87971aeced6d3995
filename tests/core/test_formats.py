"""German numbers, periods and quarters (``core.formats``): pure functions, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sozialplanung.core.formats.numbers import (
    cents,
    de_number,
    euro,
    euro_whole,
    parse_decimal,
    share_of,
)
from sozialplanung.core.formats.periods import PeriodError, normalise_period, period_label
from sozialplanung.core.formats.quarters import (
    parse_quarter,
    quarter_index,
    quarter_label,
    quarter_of,
    validate_quarter,
)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1.234,5", "1234.5"),
        ("250.000", "250000"),
        ("1.234.567", "1234567"),
        ("12.5", "12.5"),
        ("3,5", "3.5"),
        ("−1,25", "-1.25"),
        ("−1", "-1"),
        ("250 000", "250000"),
        ("250\u00a0000,50", "250000.50"),
        ("507", "507"),
        ("1,234.5", "1234.5"),
        ("1e3", "1000"),
        (".5", "0.5"),
    ],
)
def test_typed_numbers(typed, number):
    assert parse_decimal(typed) == Decimal(number)


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        # The one difference: a machine's lone point is a decimal point.
        ("250.000", "250.0"),
        ("1.5", "1.5"),
        ("13.737", "13.737"),
        # Everything else reads as a person's number would.
        ("1.234,5", "1234.5"),
        ("1.234.567", "1234567"),
        ("3,5", "3.5"),
        ("1,234.5", "1234.5"),
        ("−1", "-1"),
        ("1e3", "1000"),
        ("-2.5E-1", "-0.25"),
    ],
)
def test_machine_written_numbers(cell, number):
    assert parse_decimal(cell, machine_written=True) == Decimal(number)


@pytest.mark.parametrize("machine_written", [False, True])
@pytest.mark.parametrize("empty", ["", "  ", "\u00a0"])
def test_empty_is_none(empty, machine_written):
    assert parse_decimal(empty, machine_written=machine_written) is None


@pytest.mark.parametrize("machine_written", [False, True])
@pytest.mark.parametrize(
    "garbage", ["viel", "1,2,3", "NaN", "Infinity", "1.2.3", "1.2,5", "1_000", "12 €", "--1"]
)
def test_not_numbers(garbage, machine_written):
    with pytest.raises(ValueError):
        parse_decimal(garbage, machine_written=machine_written)


def test_cents_round_half_even_like_the_database_column():
    assert cents(0.125) == Decimal("0.12")
    assert cents(Decimal("1234.565")) == Decimal("1234.56")
    assert cents(7) == Decimal("7.00")


def test_numbers_and_amounts_are_written_the_german_way():
    with translation.override("de"):
        assert de_number(1234.5, 1) == "1.234,5"
        assert de_number(None) == "–"
        assert euro(1234.5) == "1.234,50\u00a0€"
        assert euro_whole(249_999.6) == "250.000\u00a0€"
    with translation.override("en"):
        assert de_number(1234.5, 1) == "1,234.5"


def test_share_of_is_a_css_width_with_a_point():
    assert share_of(1, 3) == "33.3"
    assert share_of(5, 2) == "100.0"
    assert share_of(None, 2) == "0"


def test_periods():
    assert normalise_period("2023.0") == "2023"
    assert normalise_period("2023", "1. Quartal") == "2023-Q1"
    assert normalise_period("2023-Q2") == "2023-Q2"
    with pytest.raises(PeriodError):
        normalise_period("23")
    with pytest.raises(PeriodError):
        normalise_period("2023", "5")
    with translation.override("de"):
        assert period_label("2023") == "2023"
        assert period_label("2023-Q1") == "Q1 2023"


def test_quarters():
    assert parse_quarter(" iii / 2025 ") == "2025-Q3"
    assert parse_quarter("2025-q4") == "2025-Q4"
    assert parse_quarter("") == ""
    with pytest.raises(ValidationError):
        parse_quarter("2025-Q5")
    with pytest.raises(ValidationError):
        validate_quarter("III/2025")
    assert quarter_label("2019-Q3") == "III/2019"
    assert quarter_index("2019-Q3") == 2019 * 4 + 2
    assert quarter_index("") is None
    assert quarter_of(dt.date(2019, 9, 30)) == quarter_index("2019-Q3")
    assert quarter_of(dt.date(2019, 10, 1)) == quarter_index("2019-Q4")
