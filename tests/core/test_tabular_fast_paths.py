"""The string-method shortcuts of ``core.imports.tabular`` decide as the code they
replace: ``plain`` as the regular expression ``_PLAIN``, ``_blank`` as ``cell_text``
on every cell."""

from __future__ import annotations

import itertools

import pytest

from sozialplanung.core.imports.tabular import _PLAIN, _blank, cell_text, plain


def test_plain_decides_as_the_regular_expression() -> None:
    # Every text of up to five characters from digits (ASCII and Arabic-Indic, which
    # ``\d`` takes), signs, both marks, a superscript (not ``\d``) and a space.
    alphabet = "07٣²-.,+ "
    for length in range(6):
        for chars in itertools.product(alphabet, repeat=length):
            text = "".join(chars)
            assert plain(text) == bool(_PLAIN.fullmatch(text)), text


@pytest.mark.parametrize(
    "cells",
    [[], [""], [" ", "\t", ""], ["", "x"], [" 0 "], [None], [None, " "], [None, 0.0], [2019.0]],
)
def test_blank_decides_as_cell_text(cells: list[object]) -> None:
    assert _blank(cells) == all(cell_text(c) == "" for c in cells)
