"""Shared fixtures, chained: municipality -> levels -> areas -> indicators -> users.

The small synthetic city "Teststadt" has three levels: the city (depth 0), two
Stadtbezirke (1, 2) and four Stadtteile (11, 12, 21, 22) made of unit squares near
Dresden, so that geometry, roll-up and map code all have something real to chew on.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation
from shapely.geometry import box

from sozialplanung.areas import actions
from sozialplanung.areas.actions import AreaRecord
from sozialplanung.areas.models import Area, Indicator
from sozialplanung.core.actions import create_municipality
from sozialplanung.core.audit import Process
from sozialplanung.core.logs import REQUEST_LOGGER
from sozialplanung.core.models import Municipality, User
from sozialplanung.core.visibility import Role, Visibility

VALID_FROM = dt.date(2020, 1, 1)
# Suite plumbing: database-free tests marked, the full demo loaded once, unique ids for xdist.
pytest_plugins = [
    "tests.plugins.unique_ids",
    "tests.plugins.databases",
    "tests.plugins.demo_once",
    "tests.plugins.second_factor",
]

ROLES = [Role.SOZIALPLANUNG, Role.FACHAMT, Role.TRAEGER, Role.STADTRAT, Role.ADMIN]
PASSWORD = "test-passwort-123"
# Who the fixtures' changes are by: the test run, a process without a person.
TEST = Process("Test")


def square(col: int, row: int, size: float = 0.01):
    """A small square near Dresden (lon 13.7, lat 51.0), in WGS84."""
    x, y = 13.7 + col * size, 51.0 + row * size
    return box(x, y, x + size, y + size)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """Real hashing is slow on purpose; tests (and the shared demo) create many users."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def _own_secret_key():
    """Commands run in-process pass the production check (core/checks.py) with a key of
    this run, as a server would with its own; the published development key would not."""
    with override_settings(SECRET_KEY=secrets.token_urlsafe(50)):
        yield


@pytest.fixture(scope="session", autouse=True)
def _quiet_request_log():
    """One JSON line per test-client request would bury a failing test's own output."""
    request_log = logging.getLogger(REQUEST_LOGGER)
    level = request_log.level
    request_log.setLevel(logging.WARNING)
    yield
    request_log.setLevel(level)


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Uploads go to a folder of this test process (one per xdist worker), not var/."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_process():
    """Computed results (core/computed.py) in memory of this test process, not in var/."""
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                # As in production (settings.CACHES): the default 300 entries would cull
                # results, and the data version's token, in the middle of a long crawl.
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            }
        }
    ):
        yield


@pytest.fixture(autouse=True)
def _language_of_a_new_process():
    """Each test starts in the site's language, as a new process (a command from cron, a
    server worker) does: a test client's request leaves the language it activated (an
    English page's "en") active in this thread for whatever the next test runs."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts without computed results: the cache is no database, and the
    previous test's changes were rolled back under it."""
    cache.clear()


@pytest.fixture
def municipality(db) -> Municipality:
    return create_municipality("teststadt", "Teststadt", acting_user=TEST)


@pytest.fixture
def levels(municipality):
    return {
        "stadt": actions.define_level(municipality, "stadt", "Stadt", 0, acting_user=TEST),
        "stadtbezirk": actions.define_level(
            municipality, "stadtbezirk", "Stadtbezirk", 1, acting_user=TEST
        ),
        "stadtteil": actions.define_level(
            municipality, "stadtteil", "Stadtteil", 2, acting_user=TEST
        ),
    }


@pytest.fixture
def areas(levels) -> dict[str, Area]:
    """Stadtteile 11, 12 (Bezirk 1) and 21, 22 (Bezirk 2), derived Bezirke and city."""
    records = [
        AreaRecord(code="11", name="Nordwest", geometry=square(0, 1)),
        AreaRecord(code="12", name="Nordost", geometry=square(1, 1)),
        AreaRecord(code="21", name="Südwest", geometry=square(0, 0)),
        AreaRecord(code="22", name="Südost", geometry=square(1, 0)),
    ]
    actions.save_areas(levels["stadtteil"], records, valid_from=VALID_FROM, acting_user=TEST)
    actions.derive_parent_areas(
        levels["stadtteil"],
        levels["stadtbezirk"],
        prefix_length=1,
        names={"1": "Nord", "2": "Süd"},
        valid_from=VALID_FROM,
        acting_user=TEST,
    )
    actions.derive_parent_areas(
        levels["stadtbezirk"],
        levels["stadt"],
        prefix_length=0,
        single_code="0",
        names={"0": "Teststadt"},
        valid_from=VALID_FROM,
        acting_user=TEST,
    )
    return {a.code: a for a in Area.objects.filter(municipality=levels["stadt"].municipality)}


@pytest.fixture
def indicators(municipality, areas) -> dict[str, Indicator]:
    """Residents and foreigners (counts, 2022 and 2023) and the share of foreigners."""
    src = {"source": "Statistik Teststadt", "licence": "dl-de/by-2-0", "acting_user": TEST}
    einw = actions.define_indicator(
        municipality, "einwohner", name="Einwohner", unit="Personen", **src
    )
    ausl = actions.define_indicator(
        municipality, "auslaender", name="Ausländer", unit="Personen", **src
    )
    anteil = actions.define_indicator(
        municipality,
        "auslaenderanteil",
        name="Ausländeranteil",
        kind=Indicator.Kind.SHARE,
        unit="%",
        numerator="auslaender",
        denominator="einwohner",
        scale=100,
        decimals=1,
        **src,
    )
    geheim = actions.define_indicator(
        municipality,
        "interne-kennzahl",
        name="Interne Kennzahl",
        unit="Fälle",
        visibility=Visibility.NON_PUBLIC,
        **src,
    )
    population = {"11": 1000, "12": 2000, "21": 400, "22": 600}
    foreigners = {"11": 100, "12": 300, "21": 20, "22": 80}
    for year, factor in (("2022", 1.0), ("2023", 1.1)):
        actions.set_indicator_values(
            einw,
            {(areas[c].id, year): round(v * factor) for c, v in population.items()},
            acting_user=TEST,
        )
        actions.set_indicator_values(
            ausl,
            {(areas[c].id, year): round(v * factor) for c, v in foreigners.items()},
            acting_user=TEST,
        )
    actions.set_indicator_values(geheim, {(areas["11"].id, "2023"): 42.0}, acting_user=TEST)
    return {i.slug: i for i in (einw, ausl, anteil, geheim)}


@pytest.fixture
def users(municipality) -> dict[str, User]:
    """One user per role; all belong to Teststadt except the administrator."""
    made = {}
    for role in ROLES:
        made[role] = User.objects.create_user(
            username=f"{role}-test",
            password=PASSWORD,
            role=role,
            municipality=None if role == Role.ADMIN else municipality,
        )
    return made


@pytest.fixture
def client_for(users):
    """A logged-in test client for a role: ``client_for("stadtrat")``."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(users[role])
        return client

    return make


#: Tasks run inside the call that queues them: for tests that are not about the queue.
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def tasks_immediately(settings):
    settings.TASKS = IMMEDIATE_TASKS
