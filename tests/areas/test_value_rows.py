"""Values written by ``upsert_values``, ``insert_values`` and ``update_values`` read back
exactly, on SQLite and PostgreSQL: floats to the last bit, variant names with the
characters PostgreSQL's array text form (quote, backslash, comma, braces, the word NULL)
and its ``COPY`` text form (tab, newline, carriage return, backslash, ``\\N``) treat
specially."""

from __future__ import annotations

import pytest

from sozialplanung.areas.models import IndicatorValue
from sozialplanung.areas.value_rows import insert_values, update_values, upsert_values

AWKWARD = ['Prognose "hoch"', "C:\\Rand", "a,b {c}", "NULL", "", "\\N", "Tab\tneue\nZeile\r"]
NUMBERS = [0.1, 1 / 3, 1e-300, 12345678.9, -2.5e16, 0.0]


def _rows(indicator, areas):
    """Two periods of six areas, each with one of ``NUMBERS``."""
    codes = ["11", "12", "21", "22", "1", "2"]
    return [
        (indicator.pk, areas[code].pk, period, number, "imported")
        for code, number in zip(codes, NUMBERS, strict=True)
        for period in ("2030", "2031-Q1")
    ]


def _stored(indicator, variant):
    return {
        (area, period): (value, origin)
        for area, period, value, origin in IndicatorValue.all_variants.filter(
            indicator=indicator, variant=variant, period__in=["2030", "2031-Q1"]
        ).values_list("area_id", "period", "value", "origin")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("variant", AWKWARD)
def test_upsert_writes_and_overwrites_exactly(indicators, areas, variant):
    indicator = indicators["einwohner"]
    rows = _rows(indicator, areas)
    upsert_values(rows, variant)
    upsert_values([(indicator.pk, areas["11"].pk, "2030", 2 / 3, "computed")], variant)

    stored = _stored(indicator, variant)
    expected = {(a, p): (v, o) for _i, a, p, v, o in rows}
    expected[(areas["11"].pk, "2030")] = (2 / 3, "computed")
    assert stored == expected


@pytest.mark.django_db
@pytest.mark.parametrize("variant", AWKWARD)
def test_update_overwrites_exactly_and_writes_what_went_missing(indicators, areas, variant):
    """Only the given values change, of this variant only; a value that is not there
    (gone since it was read) is written anyway."""
    indicator, other = indicators["einwohner"], indicators["auslaender"]
    here = [(indicator.pk, areas[c].pk, "2030", 1.0, "imported") for c in ("11", "12", "21")]
    upsert_values(here, variant)
    upsert_values(here, f"{variant} andere")
    upsert_values([(other.pk, areas["11"].pk, "2030", 1.0, "imported")], variant)

    update_values(
        [
            (indicator.pk, areas["11"].pk, "2030", 1 / 3, "computed"),
            (indicator.pk, areas["12"].pk, "2030", -2.5e16, "imported"),
            (indicator.pk, areas["22"].pk, "2030", 7.0, "imported"),  # not there
        ],
        variant,
    )

    assert _stored(indicator, variant) == {
        (areas["11"].pk, "2030"): (1 / 3, "computed"),
        (areas["12"].pk, "2030"): (-2.5e16, "imported"),
        (areas["21"].pk, "2030"): (1.0, "imported"),
        (areas["22"].pk, "2030"): (7.0, "imported"),
    }
    assert set(_stored(indicator, f"{variant} andere").values()) == {(1.0, "imported")}
    assert _stored(other, variant) == {(areas["11"].pk, "2030"): (1.0, "imported")}


@pytest.mark.django_db
@pytest.mark.parametrize("variant", AWKWARD)
def test_insert_writes_exactly_and_overwrites_what_came_meanwhile(indicators, areas, variant):
    """New values arrive exactly; where another import wrote one of them after it was
    read (here: beforehand), the batch overwrites it instead of failing."""
    indicator = indicators["einwohner"]
    rows = _rows(indicator, areas)
    insert_values(rows[:4], variant)
    upsert_values([(indicator.pk, areas["21"].pk, "2030", 99.0, "computed")], variant)

    insert_values(rows[4:], variant)

    stored = _stored(indicator, variant)
    assert stored == {(a, p): (v, o) for _i, a, p, v, o in rows}
