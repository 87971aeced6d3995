"""One node id per test, so that pytest-xdist runs every one of them in its group.

xdist hands tests to its workers by node id. schemathesis gives the test of each API
operation the same id (``…::test_api_keeps_its_openapi_promises``) and only the name
tells them apart, so xdist would run one operation of thirteen: each gets its name.

xdist's ``--dist loadgroup`` reads a group from the suffix ``@group`` of the node id,
which it sets through ``item._nodeid``; since pytest 9 the id lives in ``item._id``,
so ``set_node_id`` sets both.
"""

from __future__ import annotations

from collections import Counter

import pytest

try:  # pytest >= 9
    from _pytest.nodeid import NodeId
except ImportError:  # pragma: no cover
    NodeId = None


def set_node_id(item: pytest.Item, nodeid: str) -> None:
    item._nodeid = nodeid
    if NodeId is not None:
        item._id = NodeId.parse(nodeid)


def group(item: pytest.Item, name: str) -> None:
    """Put the test into the xdist group NAME (``--dist loadgroup``)."""
    item.add_marker(pytest.mark.xdist_group(name))
    set_node_id(item, f"{item.nodeid}@{name}")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    count = Counter(item.nodeid for item in items)
    for item in items:
        if count[item.nodeid] > 1 and item.parent is not None:
            set_node_id(item, f"{item.parent.nodeid}::{item.name}")
