"""The suite's own plumbing (tests/plugins): which tests count as database-free."""

import pytest


def test_a_test_without_database_fixture_is_marked_nodb(request):
    assert request.node.get_closest_marker("nodb")


def test_a_test_with_the_db_fixture_is_not(request, db):
    assert not request.node.get_closest_marker("nodb")


@pytest.mark.django_db
def test_a_test_with_the_django_db_mark_is_not(request):
    assert not request.node.get_closest_marker("nodb")


def test_every_test_has_its_own_node_id(request):
    # pytest-xdist runs one test per node id (tests/plugins/unique_ids.py).
    ids = [item.nodeid for item in request.session.items]
    assert len(ids) == len(set(ids))
