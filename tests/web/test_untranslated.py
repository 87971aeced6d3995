"""No page renders an untranslated text in German (issue 16, Done-when 3, first half).

While the pages of each role render in German, every lookup in the active catalog
that finds no German entry is recorded: a ``{% translate %}``, a ``blocktranslate``, a
model's verbose name or a form's label whose msgid is missing from every ``.po`` file
of the project (and Django's own). Texts that stay the same in German are entries with
an identical ``msgstr`` in the catalog, so they do not count as missing.

The pages: every page of every role, as the axe walk reaches them
(tests/e2e/test_axe_every_page.py), rendered once in English by
tests/web/test_english.py with ``missing`` recording; a lookup in English counts as
much as one in German, so one walk checks both languages' pages. Here the catalogs
themselves: no entry without its German text.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.utils.translation import trans_real

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "sozialplanung"


@pytest.fixture
def missing(monkeypatch) -> set[str]:
    """msgids looked up and not found in the German catalog, for as long as the test runs.

    Pages rendered in English count too: a msgid shown in English has to be in the German
    catalog all the same (tests/web/test_english.py walks every page in English once).
    """
    found: set[str] = set()
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def looked_up(self, message):
        german = trans_real.translation("de")
        if (
            self.language() in ("de", "en")
            and message
            and message not in german._catalog
            and (message, german.plural(1)) not in german._catalog
        ):
            found.add(message)
        return gettext(self, message)

    def looked_up_plural(self, singular, plural, n):
        if (
            self.language() in ("de", "en")
            and (singular, 0) not in trans_real.translation("de")._catalog
        ):
            found.add(singular)
        return ngettext(self, singular, plural, n)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", looked_up)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", looked_up_plural)
    return found


def test_every_msgid_in_the_catalogs_has_its_german_text():
    """An entry with an empty msgstr is in no compiled catalog: its page shows English."""
    for po in sorted(PACKAGE.glob("**/locale/de/LC_MESSAGES/django.po")):
        counts = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        assert "untranslated" not in counts and "fuzzy" not in counts, f"{po}: {counts}"
