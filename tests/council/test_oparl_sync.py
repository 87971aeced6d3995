"""OParl synchronisation as a job (issue 19, item 3), against a real HTTP server on
127.0.0.1 serving the trimmed Hürtgenwald cache in pages of three: a page that answers
500 once fails the run, the next run continues after the pages it kept; a second
successful run asks only for changes (``modified_since``); the timer's command queues
only due runs; the planning unit's page sets it up and shows the runs."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from sozialplanung.core.actions import create_municipality
from sozialplanung.core.models import ImportJob, Municipality
from sozialplanung.core.visibility import Role
from sozialplanung.council.models import OparlSync, Paper
from sozialplanung.council.oparl.sync import start_sync
from tests.conftest import TEST

from .oparl_check import json_answer, local_server
from .test_oparl_real import cache_pages, counts

PREFIX = "/rim4220/webservice/oparl/v1.0/"
PAGE = 3
#: What the folder import of the cache gives (test_oparl_real).
EXPECTED = {
    "Gremien": 22,
    "Personen": 3,
    "Sitzungen": 3,
    "Vorlagen": 6,
    "TOPs": 16,
    "Dateien": 25,
}


@dataclass
class Council:
    """The test server's state: its address, what it was asked, what fails once."""

    base: str = ""
    asked: list[str] = field(default_factory=list)
    fail_once: set[str] = field(default_factory=set)
    pages: dict[str, bytes] = field(default_factory=dict)

    @property
    def system(self) -> str:
        return self.base + PREFIX + "system"

    def pages_asked(self, name: str) -> list[int]:
        """The page numbers of list ``name`` asked for, in order (1: the list's own URL)."""
        return [
            int(parse_qs(urlsplit(path).query).get("page", ["1"])[0])
            for path in self.asked
            if urlsplit(path).path == PREFIX + "body/1/" + name
        ]


def paged(objects: list, path: str, query: dict[str, list[str]], base: str) -> bytes:
    """Page ``page`` of a list, filtered by ``modified_since`` as a real server does."""
    since = query.get("modified_since", [None])[0]
    if since:
        cut = dt.datetime.fromisoformat(since)
        objects = [o for o in objects if dt.datetime.fromisoformat(o["modified"]) >= cut]
    number = int(query.get("page", ["1"])[0])
    chunk = objects[(number - 1) * PAGE : number * PAGE]
    links = {}
    if number * PAGE < len(objects):
        following = {"page": str(number + 1)} | ({"modified_since": since} if since else {})
        links["next"] = base + path + "?" + "&".join(f"{k}={v}" for k, v in following.items())
    page = {"data": chunk, "links": links, "pagination": {"totalElements": len(objects)}}
    return json.dumps(page).encode()


@contextmanager
def council_server() -> Iterator[Council]:
    council = Council()

    def answer(base: str, target: str):
        council.asked.append(target)
        if target in council.fail_once:
            council.fail_once.discard(target)
            return 500, {"Content-Type": "text/plain"}, [b"Interner Fehler"]
        parts = urlsplit(target)
        pages = council.pages or cache_pages(base)
        council.pages = pages
        found = pages.get(parts.path)
        if found is None:
            return None
        data = json.loads(found)
        if isinstance(data, dict) and "data" in data and parts.path.startswith(PREFIX + "body/"):
            return json_answer(paged(data["data"], parts.path, parse_qs(parts.query), base))
        return json_answer(found)

    with local_server(answer) as base:
        council.base = base
        yield council


@pytest.fixture
def huertgenwald(db, settings, tmp_path, tasks_immediately) -> Municipality:
    settings.OPARL_IMPORT_ALLOW_PRIVATE_ADDRESSES = True  # the server is on loopback
    settings.MEDIA_ROOT = tmp_path
    return create_municipality("huertgenwald", "Hürtgenwald", ags="05358016", acting_user=TEST)


@pytest.fixture
def council() -> Iterator[Council]:
    with council_server() as running:
        yield running


def test_a_failed_run_keeps_its_pages_and_the_next_run_continues_after_them(
    huertgenwald, council, tmp_path
):
    sync = OparlSync.objects.create(municipality=huertgenwald, source=council.system)
    council.fail_once.add(PREFIX + "body/1/paper?page=2")
    failed = start_sync(sync)
    failed.refresh_from_db()
    assert failed.status == ImportJob.Status.FAILED
    assert "die nächste Ausführung setzt danach fort" in failed.message
    assert "Status 500" in failed.problems[0]["message"]
    assert "paper?page=2" in failed.problems[0]["file"]
    assert Paper.objects.count() == 0  # nothing written before every list is read
    assert failed.options["position"]["list"] == "paper"
    assert (failed.stage, failed.done, failed.total) == ("Vorlagen", 3, 7)
    assert council.pages_asked("paper") == [1, 2]

    council.asked.clear()
    resumed = start_sync(sync)
    resumed.refresh_from_db()
    assert resumed.status == ImportJob.Status.DONE, (resumed.message, resumed.problems)
    assert resumed.options["resumes"] == failed.pk
    # Only what the failed run had not kept is fetched again: no system, no body, no
    # organisations, people or meetings, and of the papers the page that failed on.
    assert council.asked[0] == PREFIX + "body/1/paper?page=2"
    assert council.pages_asked("paper") == [2, 3]
    assert council.pages_asked("organization") == council.pages_asked("meeting") == []
    assert counts(huertgenwald) == EXPECTED
    assert not (tmp_path / resumed.options["folder"]).exists()  # kept pages are dropped
    sync.refresh_from_db()
    assert sync.last_success == dt.datetime.fromisoformat(failed.options["started"])


def test_a_second_run_asks_only_for_changes_since_the_first(huertgenwald, council):
    sync = OparlSync.objects.create(municipality=huertgenwald, source=council.system)
    first = start_sync(sync)
    first.refresh_from_db()
    assert first.status == ImportJob.Status.DONE
    assert council.pages_asked("paper") == [1, 2, 3]
    assert "modified_since" not in " ".join(council.asked)
    sync.refresh_from_db()
    since = sync.last_success
    assert since == dt.datetime.fromisoformat(first.options["started"])

    council.asked.clear()
    second = start_sync(sync)
    second.refresh_from_db()
    assert second.status == ImportJob.Status.DONE
    lists = [p for p in council.asked if urlsplit(p).path.startswith(PREFIX + "body/1/")]
    assert lists  # organisations, people, meetings, papers
    for path in lists:
        assert parse_qs(urlsplit(path).query)["modified_since"] == [since.isoformat()]
    assert "Neu: keine." in second.summary and "Geändert: keine." in second.summary
    sync.refresh_from_db()
    assert sync.last_success > since


def test_the_timer_queues_due_runs_only_and_each_once(huertgenwald, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    other = create_municipality("ruhig", "Ruhig", acting_user=TEST)
    OparlSync.objects.create(municipality=other, source="https://ris.example.org/oparl")
    sync = OparlSync.objects.create(
        municipality=huertgenwald, source="https://ris.example.org/oparl", enabled=True
    )
    out = io.StringIO()
    call_command("oparl_sync_due", stdout=out)
    job = ImportJob.objects.get()  # the disabled one is not queued
    assert (job.municipality, job.status, job.task_id) == (
        huertgenwald,
        ImportJob.Status.PENDING,
        job.task_id,
    )
    assert job.task_id and "Hürtgenwald" in out.getvalue()
    call_command("oparl_sync_due", stdout=io.StringIO())  # still waiting: not twice
    assert ImportJob.objects.count() == 1
    assert sync.is_due(timezone.now(), job.created) is False


@pytest.mark.parametrize(
    ("daily", "hours", "last", "now", "due"),
    [
        (None, 24, None, "2026-03-02 10:00", True),  # never ran
        (None, 6, "2026-03-02 03:00", "2026-03-02 08:59", False),
        (None, 6, "2026-03-02 03:00", "2026-03-02 09:00", True),
        (dt.time(5, 0), 24, "2026-03-01 05:01", "2026-03-02 04:59", False),
        (dt.time(5, 0), 24, "2026-03-01 05:01", "2026-03-02 05:00", True),
        (dt.time(5, 0), 24, "2026-03-02 05:00", "2026-03-02 23:00", False),
    ],
)
def test_when_a_run_is_due(daily, hours, last, now, due):
    sync = OparlSync(enabled=True, interval_hours=hours, daily_time=daily)

    def at(text: str) -> dt.datetime:
        return timezone.make_aware(dt.datetime.fromisoformat(text))

    assert sync.is_due(at(now), at(last) if last else None) is due
    sync.enabled = False
    assert sync.is_due(at(now), None) is False


PAGE_URL = "/huertgenwald/gremien/oparl-abgleich/"


def test_the_planning_unit_sets_it_up_starts_a_run_and_sees_its_progress(
    huertgenwald, council, client
):
    from sozialplanung.core.models import User

    planner = User.objects.create_user(
        "planung-hw", password="x", role=Role.SOZIALPLANUNG, municipality=huertgenwald
    )
    council_member = User.objects.create_user(
        "rat-hw", password="x", role=Role.STADTRAT, municipality=huertgenwald
    )
    client.force_login(council_member)
    assert client.get(PAGE_URL).status_code == 403
    client.force_login(planner)
    page = client.get(PAGE_URL).content.decode()
    assert "Adresse des OParl-Systems" in page
    form = {"source": "kein-url", "interval_hours": "24", "daily_time": "25:00"}
    refused = client.post(PAGE_URL, {**form, "action": "save"}).content.decode()
    assert "kein-url" in refused  # the form keeps what was typed
    assert "Bitte eine gültige Adresse eingeben." in refused
    assert "Bitte eine gültige Uhrzeit eingeben." in refused
    form |= {"source": council.system, "daily_time": "05:30", "enabled": "on"}
    assert client.post(PAGE_URL, {**form, "action": "save"}).status_code == 302
    sync = OparlSync.objects.get(municipality=huertgenwald)
    assert (sync.enabled, sync.daily_time) == (True, dt.time(5, 30))

    council.fail_once.add(PREFIX + "body/1/meeting?page=2")
    response = client.post(PAGE_URL, {"action": "start"})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.user == planner
    page = client.get(PAGE_URL).content.decode()
    assert "fehlgeschlagen" in page and "Status 500" in page
    assert "Sitzungen: 3 von ~7" in page
