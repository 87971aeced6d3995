"""The full demo, loaded once per test process for every test that only reads it.

Loading both cities with council, offers, needs and measures takes long, so the tests
that read it share one load: ``full_demo`` opens a transaction, loads the demo (through
the `demo` command, or from the process's copy: demo_copy.py) and keeps the transaction
open while consecutive tests use it; each test still runs in its own nested transaction
(the ``db`` fixture). When the next test does not use the demo, the transaction is
rolled back, so no other test ever sees it; a later test that uses it opens it again,
from the copy (a few seconds, not the whole load).

The tests that use ``full_demo`` move to the end of the run, so that they mostly follow
each other; under pytest-xdist each of them is a unit of its own, so both workers share
them (the role crawl alone takes minutes): one group for all of them left one worker idle
while the other ran the group.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from django.db import transaction

from tests.plugins import demo_copy
from tests.plugins.demo_copy import load_demo

FIXTURE = "full_demo"


class SharedDemo:
    """The demo's open transaction; ``close`` undoes it."""

    def __init__(self, django_db_blocker) -> None:
        self._blocker = django_db_blocker
        self.closed = True
        self.open()

    def open(self) -> None:
        self._open = ExitStack()
        try:
            self._open.enter_context(self._blocker.unblock())
            self._open.enter_context(transaction.atomic())
            self.lines = load_demo()
        except BaseException as exc:
            # A failed load must not leave its transaction open: the tests after it would
            # all fail on a closed or half-loaded database instead of this one error. Handing
            # the exception to the stack rolls the load back.
            self._open.__exit__(type(exc), exc, exc.__traceback__)
            raise
        self.closed = False

    def close(self) -> None:
        if not self.closed:
            transaction.set_rollback(True)
            self._open.close()
            self.closed = True


#: The demo of this process once set up, for the hooks that close and reopen it.
_current: list[SharedDemo] = []


@pytest.fixture(scope="session", autouse=True)
def _demo_copy_between_workers(tmp_path_factory, worker_id) -> None:
    """Under xdist, the workers of a run share one load of the demo (demo_copy.py)
    through the run's temporary folder: each worker's own folder lies in it."""
    if worker_id != "master":
        demo_copy.SHARED_FOLDER[:] = [tmp_path_factory.getbasetemp().parent]


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker) -> Iterator[SharedDemo]:
    # Session scope: set up before any test's own transaction and torn down before the
    # test database goes; closed earlier by pytest_runtest_teardown below.
    demo = SharedDemo(django_db_blocker)
    _current.append(demo)
    yield demo
    demo.close()
    _current.clear()


@pytest.fixture
def full_demo(_shared_demo: SharedDemo) -> list[str]:
    """The output lines of `sozialplanung demo`; the demo's data is in the database."""
    if _shared_demo.closed:
        pytest.fail(
            "full_demo is not open: tests/plugins/demo_once.py opens it before the test's"
            " fixtures (pytest_runtest_setup)"
        )
    return _shared_demo.lines


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked ``long`` first, then the others, those using the demo last, each
    in their order.

    Longest first: xdist hands out tests in this order, and a test of minutes handed out
    last can keep one worker busy while the other has nothing left (on PostgreSQL beside
    the other worker and the production check they took 2.5–6 minutes each). A long test
    using the demo opens it and closes it for the next test that does not use it (which
    opens it again from the copy). pytest-django then moves the transactional tests (the
    axe walk) behind the others, as it must.
    """
    long = [item for item in items if item.get_closest_marker("long")]
    ids = {id(item) for item in long}
    rest = [item for item in items if id(item) not in ids]
    demo_tests = [item for item in rest if FIXTURE in getattr(item, "fixturenames", ())]
    ids |= {id(item) for item in demo_tests}
    items[:] = long + [item for item in items if id(item) not in ids] + demo_tests


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before the test's fixtures: its own transaction (``db``) must open inside the demo's.
    if FIXTURE in item.fixturenames and _current and _current[0].closed:
        _current[0].open()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    result = yield
    # After the test's own transaction is gone; the last test leaves it to the fixture,
    # whose teardown runs before the test database is destroyed.
    if _current and nextitem is not None and FIXTURE not in nextitem.fixturenames:
        _current[0].close()
    return result
