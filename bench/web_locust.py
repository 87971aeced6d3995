"""The mixed workload of bench/web.py for locust (issue 17): read by ``locust -f``.

The public (weight 3) and the planning unit (weight 1: 15 and 5 of 20 users) with 1–2 s
think time between pages (latency as visitors meet it); with ``BENCH_THINK=0`` without
any pause (capacity: how many requests per second the server answers at most).
``StaticUser`` (chosen by name, alone) fetches one static file without pause: the
server's ceiling in the same run. bench/web.py passes the demo's ids and the planning
unit's session in the environment; with ``BENCH_CPU_FILE`` the server's CPU time per
request (header ``X-Bench-CPU-ms``, bench/web_settings.py) is written there per page.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, constant, events, task

IDS = json.loads(os.environ.get("BENCH_IDS", "{}"))
THINK = between(1, 2) if os.environ.get("BENCH_THINK", "1") != "0" else constant(0)
CPU_MS: dict[str, list[float]] = {}


@events.request.add_listener
def _cpu_time(name: str, response, exception, **_kwargs) -> None:  # type: ignore[no-untyped-def]
    header = response.headers.get("X-Bench-CPU-ms") if response is not None else None
    if exception is None and header:
        CPU_MS.setdefault(name, []).append(float(header))


@events.quitting.add_listener
def _write_cpu_times(**_kwargs) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("BENCH_CPU_FILE"):
        with open(os.environ["BENCH_CPU_FILE"], "w", encoding="utf-8") as f:
            json.dump(CPU_MS, f)


def _area(user: HttpUser) -> None:
    code = random.choice(IDS["areas"])
    user.client.get(f"/dresden/gebiete/stadtteil/{code}/", name="Gebiet (Stadtteil)")


def _resolution(user: HttpUser) -> None:
    pk = random.choice(IDS["resolutions"])
    user.client.get(f"/dresden/gremien/beschluesse/{pk}/", name="Beschluss")


class PublicUser(HttpUser):
    weight = 3
    wait_time = THINK

    # Not "start": that name is locust's own method, which starts the user.
    @task(1)
    def home(self) -> None:
        self.client.get("/", name="Start")

    @task(2)
    def municipality(self) -> None:
        self.client.get("/dresden/", name="Kommune")

    @task(3)
    def area(self) -> None:
        _area(self)

    @task(2)
    def map(self) -> None:
        self.client.get("/dresden/karte/", name="Karte")

    @task(1)
    def geojson(self) -> None:
        self.client.get(
            "/api/municipalities/dresden/areas.geojson?level=stadtteil&simplify=20",
            name="GeoJSON Stadtteile",
        )

    @task(2)
    def gaps(self) -> None:
        category = random.choice(IDS["categories"])
        self.client.get(
            f"/dresden/bedarf/luecken/?kategorie={category}&ebene=stadtteil", name="Lücken"
        )

    @task(2)
    def finder(self) -> None:
        self.client.get("/dresden/angebote/", name="Angebote")

    @task(1)
    def resolution(self) -> None:
        _resolution(self)


class PlannerUser(HttpUser):
    weight = 1
    wait_time = THINK

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", os.environ["BENCH_SESSION"])

    @task(2)
    def needs(self) -> None:
        self.client.get("/dresden/bedarf/", name="intern: Bedarf")

    @task(1)
    def allocation(self) -> None:
        self.client.get("/dresden/massnahmen/verteilung/", name="intern: Mittelverteilung")

    @task(2)
    def inventory(self) -> None:
        self.client.get("/dresden/angebote/verwaltung/", name="intern: Bestand")

    @task(2)
    def area(self) -> None:
        code = random.choice(IDS["areas"])
        self.client.get(f"/dresden/gebiete/stadtteil/{code}/", name="intern: Gebiet")

    @task(2)
    def resolution(self) -> None:
        pk = random.choice(IDS["resolutions"])
        self.client.get(f"/dresden/gremien/beschluesse/{pk}/", name="intern: Beschluss")


class StaticUser(HttpUser):
    wait_time = constant(0)

    @task
    def static(self) -> None:
        self.client.get(IDS["static"], name="statische Datei")
