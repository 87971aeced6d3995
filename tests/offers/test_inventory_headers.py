"""The inventory's column headers all have a visible name (issue 16, "the inventory
table's last column has a header without a name"): a sighted reader saw an empty header,
with only the sort arrow in it, over the "Bearbeiten" links."""

from __future__ import annotations

import re

import pytest

from sozialplanung.core.visibility import Role

HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
COLUMN = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S)
HIDDEN = re.compile(r'<span class="visually-hidden">.*?</span>', re.S)
TAGS = re.compile(r"<[^>]+>")


@pytest.mark.django_db
def test_every_inventory_column_has_a_visible_name(offers, client_for):
    html = client_for(Role.SOZIALPLANUNG).get("/teststadt/angebote/verwaltung/").content.decode()
    columns = COLUMN.findall(HEAD.search(html).group(1))
    names = [TAGS.sub("", HIDDEN.sub("", inner)).strip() for _, inner in columns]
    assert "" not in names, names
    assert names[-1] == "Aktionen"
    # A column of links has no order: the table script gives it no sort button.
    assert 'data-sortable="false"' in columns[-1][0]
