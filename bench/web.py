"""Load benchmark of the production server (issue 17, item 4).

Starts a throw-away PostgreSQL (scripts/with-postgres.sh; the script re-runs itself
inside it), migrates, loads the demo, collects the static files under hashed names,
starts gunicorn with deploy/gunicorn.conf.py and the production settings (DEBUG off, own
secret key), logs the planning unit in with password and second factor, views every page
of the workload once (as after the task engine's recomputation), and drives the mixed
workload of bench/web_locust.py with locust, headless and bounded, DURATION seconds each:

1. **Latency**: 15 public and 5 planning unit users (20), then 50 in the same ratio, each
   with 1–2 s think time, as visitors use the site. p50/p95/p99 per page are the figures
   to read here; the requests per second are not: 20 users who pause 1–2 s after each
   page can offer at most 20 / (1.5 s + response time), about 13 req/s.
2. **Capacity**: the same mixed workload, 20 users **without** think time: the requests
   per second the server answers at most (the figure for "≥ 50 req/s").
3. **Ceiling**: one static file without think time (what the stack itself can do).

Beside wall times it prints the server's CPU time per request (p50/p95, header of
bench/web_settings.py): it changes far less than wall time with the machine's other
load. And the load average before and after each run: other work on the machine
changes absolute figures; read ratios.

Measured 4 Dec 2026 on the 2-core machine, nothing else running (load average 1.4 before,
0.8–4.7 during), 60 s per run, PostgreSQL, gunicorn gthread:

* 20 users with think time: public pages p95 8–93 ms (area page 93, the rest ≤ 35 ms),
  internal pages p95 80–220 ms (needs 200, area 220, allocation 130); server CPU per
  request p50 1 ms public (whole pages from the cache), 16–49 ms internal;
* 50 users with think time: public p95 43–210 ms, internal 110–290 ms;
* capacity, 20 users without think time: 198 req/s for the mixed workload (p95 420 ms);
* ceiling, one static file: 1,358 req/s.

Under a load average of 10–14 (3 Dec, other work on the machine) the same benchmark gave
11.7 req/s at 20 users, public p95 320–880 ms and a capacity of 44.5 req/s: read the
load average next to every figure.

Run: uv run --group bench python bench/web.py [--duration 60]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def demo_ids(env: dict[str, str]) -> dict[str, list]:
    """Area codes, public resolutions with items and gap categories of Dresden."""
    script = (
        "import json;"
        "from sozialplanung.areas.models import Area;"
        "from sozialplanung.council.models import ResolutionItem;"
        "from sozialplanung.needs.compute import parameterised_categories;"
        "from sozialplanung.core.models import Municipality;"
        "d=Municipality.objects.get(slug='dresden');"
        "print(json.dumps({"
        "'areas': list(Area.objects.filter(municipality=d, level__slug='stadtteil')"
        ".values_list('code', flat=True)),"
        "'resolutions': sorted(set(ResolutionItem.objects.filter(resolution__municipality=d,"
        " resolution__visibility='oeffentlich', visibility='oeffentlich')"
        ".values_list('resolution_id', flat=True))),"
        "'categories': [c.slug for c in parameterised_categories(d)]}))"
    )
    out = subprocess.run(
        [str(VENV_BIN / "sozialplanung"), "shell", "-c", script],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class Session:
    """An HTTP session with cookies and the CSRF token, as a browser has."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=300) as r:
            return r.status, r.read().decode("utf-8", errors="replace")

    def post(self, path: str, fields: dict[str, str]) -> str:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=60) as r:
            return r.url

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)


def log_in_planner(base: str) -> Session:
    import base64

    from django_otp.oath import totp  # the venv's django-otp, as the server computes it

    session = Session(base)
    session.get("/anmelden/")
    url = session.post("/anmelden/", {"username": "planung", "password": "demo"})
    if "/anmelden/code/" in url:
        key = base64.b32decode(
            os.environ.get("SOZIALPLANUNG_DEMO_TOTP_SECRET", "KNXXU2LBNRYGYYLOOVXGOLKEMVWW6IJB")
        )
        url = session.post(url.removeprefix(base), {"code": f"{totp(key):06d}"})
    if "anmelden" in url:
        raise SystemExit(f"Anmeldung der Sozialplanung gescheitert: {url}")
    return session


def warm(base: str, planner: Session, ids: dict) -> float:
    """View every page of the workload once: what the worker's recomputation does after
    a change. Returns the seconds it took (the cold cost)."""
    public = Session(base)
    started = time.perf_counter()
    paths = [
        "/",
        "/dresden/",
        "/dresden/karte/",
        "/dresden/angebote/",
        "/api/municipalities/dresden/areas.geojson?level=stadtteil&simplify=20",
    ]
    paths += [f"/dresden/bedarf/luecken/?kategorie={c}&ebene=stadtteil" for c in ids["categories"]]
    paths += [f"/dresden/gebiete/stadtteil/{a}/" for a in ids["areas"]]
    paths += [f"/dresden/gremien/beschluesse/{r}/" for r in ids["resolutions"]]
    for path in paths:
        public.get(path)
    internal = [
        "/dresden/bedarf/",
        "/dresden/massnahmen/verteilung/",
        "/dresden/angebote/verwaltung/",
    ]
    for path in internal + [p for p in paths if "gebiete" in p or "beschluesse" in p]:
        planner.get(path)
    return time.perf_counter() - started


def locust(
    base: str,
    users: int,
    seconds: int,
    classes: list[str],
    env: dict[str, str],
    out: Path,
    think: bool = True,
) -> tuple[list[dict], dict[str, list[float]]]:
    """locust's rows per page and the server's CPU milliseconds per page."""
    prefix = out / f"locust-{users}-{'-'.join(classes)}-{int(think)}"
    cpu_file = Path(f"{prefix}_cpu.json")
    env = {**env, "BENCH_THINK": "1" if think else "0", "BENCH_CPU_FILE": str(cpu_file)}
    done = subprocess.run(
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "web_locust.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(max(users // 2, 1)),
            "-t",
            f"{seconds}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            *classes,
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    # locust exits with 1 when a request failed: the table shows the failures per page.
    if done.returncode not in (0, 1) or not Path(f"{prefix}_stats.csv").exists():
        raise SystemExit(f"locust ohne Ergebnis (Status {done.returncode}):\n{done.stderr[-3000:]}")
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    cpu = json.loads(cpu_file.read_text(encoding="utf-8")) if cpu_file.exists() else {}
    cpu["Aggregated"] = [ms for values in cpu.values() for ms in values]
    return rows, cpu


def _percentile(values: list[float], q: int) -> str:
    if len(values) < 2:
        return f"{values[0]:.0f}" if values else "–"
    return f"{statistics.quantiles(values, n=100, method='inclusive')[q - 1]:.0f}"


def print_table(title: str, rows: list[dict], cpu: dict[str, list[float]]) -> None:
    print(f"\n{title}")
    print(
        f"{'Seite':32} {'Anfr.':>6} {'Fehler':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"
        f"  {'CPU p50':>7} {'CPU p95':>7}  (ms)"
    )
    for r in rows:
        name = r["Name"] if r["Name"] != "Aggregated" else "alle zusammen"
        own = cpu.get(r["Name"], [])
        print(
            f"{name[:32]:32} {r['Request Count']:>6} {r['Failure Count']:>6} "
            f"{float(r['Requests/s']):7.1f} {r['50%']:>6} {r['95%']:>6} {r['99%']:>6}"
            f"  {_percentile(own, 50):>7} {_percentile(own, 95):>7}"
        )


def load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=60, help="seconds per load level")
    args = parser.parse_args()
    if os.environ.get("SOZIALPLANUNG_DB_ENGINE") != "postgresql":
        os.execvp(
            str(ROOT / "scripts" / "with-postgres.sh"),
            [str(ROOT / "scripts" / "with-postgres.sh"), sys.executable, *sys.argv],
        )
    tmp = Path(tempfile.mkdtemp(prefix="sozialplanung-last-"))
    port = free_port()
    env = {
        **os.environ,
        "SOZIALPLANUNG_DEBUG": "false",
        "SOZIALPLANUNG_SECRET_KEY": secrets.token_urlsafe(50),
        "SOZIALPLANUNG_DATA_DIR": str(tmp),
        "SOZIALPLANUNG_STATIC_HASHED_NAMES": "true",
        "SOZIALPLANUNG_CONN_MAX_AGE": "60",
        "SOZIALPLANUNG_PAGE_CACHE": "true",
        "SOZIALPLANUNG_LOG_LEVEL": "WARNING",
        "SOZIALPLANUNG_BIND": f"127.0.0.1:{port}",
        "SOZIALPLANUNG_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    cli = str(VENV_BIN / "sozialplanung")
    gunicorn = None
    try:
        started = time.perf_counter()
        run([cli, "migrate", "--noinput"], env)
        run([cli, "demo"], env)
        run([cli, "collectstatic", "--noinput"], env)
        ids = demo_ids(env)
        print(f"Aufbau (Migration, Demo, statische Dateien): {time.perf_counter() - started:.0f} s")
        # Open while gunicorn runs; closed in the finally block below.
        log = (tmp / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "deploy/gunicorn.conf.py",
                "sozialplanung.wsgi",
            ],
            # The production settings with the CPU time header (bench/web_settings.py).
            env={
                **env,
                "DJANGO_SETTINGS_MODULE": "web_settings",
                "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), env.get("PYTHONPATH", "")]),
            },
            cwd=ROOT,
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/gesundheit/", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        home = Session(base).get("/")[1]
        ids["static"] = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
        planner = log_in_planner(base)
        env["BENCH_IDS"] = json.dumps(ids)
        env["BENCH_SESSION"] = planner.cookie("sessionid")
        print(f"Alle Seiten einmal (kalt, rechnet die Analysen): {warm(base, planner, ids):.1f} s")
        print(f"gunicorn: deploy/gunicorn.conf.py (gthread), {os.cpu_count()} Kerne, PostgreSQL")
        for users in (20, 50):
            before = load()
            rows, cpu = locust(base, users, args.duration, ["PublicUser", "PlannerUser"], env, tmp)
            print_table(
                f"Latenz: {users} Nutzer (3:1 Öffentlichkeit:Sozialplanung), 1–2 s Denkpause, "
                f"{args.duration} s. Hier zählen p50/p95/p99; req/s ist durch die Pausen "
                f"begrenzt (höchstens Nutzer / 1,5 s). Lastmittel 1/5/15 min vorher "
                f"{before}, nachher {load()}",
                rows,
                cpu,
            )
        before = load()
        rows, cpu = locust(
            base, 20, args.duration, ["PublicUser", "PlannerUser"], env, tmp, think=False
        )
        print_table(
            f"Kapazität: dieselbe Mischung, 20 Nutzer OHNE Denkpause, {args.duration} s: "
            f"req/s 'alle zusammen' ist der Durchsatz. Lastmittel vorher {before}, "
            f"nachher {load()}",
            rows,
            cpu,
        )
        static_seconds = max(args.duration // 3, 10)
        before = load()
        rows, cpu = locust(base, 20, static_seconds, ["StaticUser"], env, tmp, think=False)
        print_table(
            f"Decke: eine statische Datei, 20 Nutzer ohne Pause, {static_seconds} s. "
            f"Lastmittel vorher {before}, nachher {load()}",
            rows[-1:],
            cpu,
        )
        print(f"\nLastmittel (1/5/15 min) am Ende: {load()}; {os.cpu_count()} Kerne")
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)
            log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
