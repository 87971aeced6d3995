"""The full demo, loaded once per test database for every test that only reads it.

Loading both cities with council, offers, needs and measures takes long, so the tests
that read it share one load: ``full_demo`` opens a transaction, loads the demo (through
the `demo` command, or from the process's copy: demo_copy.py) and keeps the transaction
open while consecutive tests use it; each test still runs in its own nested transaction (the ``db`` fixture). When the next test
does not use the demo, the transaction is rolled back, so no other test ever sees it.

For this the tests that use ``full_demo`` must run one after another: they move to the
end of the run, and under pytest-xdist (``--dist loadgroup``) into one group, which one
worker runs in a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from django.db import transaction

from tests.plugins.demo_copy import load_demo
from tests.plugins.unique_ids import group

FIXTURE = "full_demo"


class SharedDemo:
    """The demo's open transaction; ``close`` undoes it."""

    def __init__(self, django_db_blocker) -> None:
        self._open = ExitStack()
        try:
            self._open.enter_context(django_db_blocker.unblock())
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


#: The demo of this process while it is loaded, for the hook that closes it.
_current: list[SharedDemo] = []


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker) -> Iterator[SharedDemo]:
    # Session scope: set up before any test's own transaction and torn down before the
    # test database goes; closed earlier by pytest_runtest_teardown below.
    demo = SharedDemo(django_db_blocker)
    _current.append(demo)
    yield demo
    demo.close()


@pytest.fixture
def full_demo(_shared_demo: SharedDemo) -> list[str]:
    """The output lines of `sozialplanung demo`; the demo's data is in the database."""
    if _shared_demo.closed:
        pytest.fail(
            "full_demo was rolled back by a test in between: tests using it must run in a row"
            " (keep the ordering of tests/plugins/demo_once.py)"
        )
    return _shared_demo.lines


@pytest.hookimpl(tryfirst=True)  # before xdist reads the group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests using the demo go last, in their order, as one xdist group."""
    demo_tests = [item for item in items if FIXTURE in getattr(item, "fixturenames", ())]
    for item in demo_tests:
        group(item, FIXTURE)
    ids = {id(item) for item in demo_tests}
    items[:] = [item for item in items if id(item) not in ids] + demo_tests


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    result = yield
    # After the test's own transaction is gone; the last test leaves it to the fixture,
    # whose teardown runs before the test database is destroyed.
    if _current and nextitem is not None and FIXTURE not in nextitem.fixturenames:
        _current.pop().close()
    return result
