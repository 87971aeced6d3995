"""Captions say "nach Stadtteilen": the dative plural of a level's name (issue 16)."""

from __future__ import annotations

import pytest

from sozialplanung.areas.models import dative_plural


@pytest.mark.parametrize(
    ("plural", "dative"),
    [
        ("Stadtteile", "Stadtteilen"),
        ("Ortsteile", "Ortsteilen"),
        ("Stadtbezirke", "Stadtbezirken"),
        ("Statistische Bezirke", "Statistischen Bezirken"),
        ("Viertel", "Vierteln"),
        ("Gemeinden", "Gemeinden"),
        ("Kitas", "Kitas"),
        ("Stadtteil", "Stadtteil"),  # a level without plural: its name stays as it is
    ],
)
def test_dative_plural(plural, dative):
    assert dative_plural(plural) == dative
