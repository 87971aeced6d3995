"""Where OParl objects come from: a folder of JSON files or a live endpoint.

Both return plain dicts; reading never touches the database, so that a broken file or
an unreachable server stops the import before anything is written.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sozialplanung.core.imports import ImportFailed, ImportProblem

#: Body properties naming external lists, in the order they are read.
LIST_PROPERTIES = (
    "organization",
    "person",
    "membership",
    "locationList",
    "legislativeTermList",
    "meeting",
    "paper",
    "consultation",
    "agendaItem",
    "file",
)
MAX_PAGES = 100_000
TIMEOUT_S = 60


def _objects_in(data: Any) -> Iterator[dict[str, Any]]:
    """A file may hold one object, a list of objects or a list page {"data": [...]}."""
    if isinstance(data, list):
        for item in data:
            yield from _objects_in(item)
    elif isinstance(data, dict):
        if "data" in data and isinstance(data["data"], list) and "type" not in data:
            yield from _objects_in(data["data"])
        else:
            yield data


def read_folder(folder: Path) -> list[dict[str, Any]]:
    problems: list[ImportProblem] = []
    objects: list[dict[str, Any]] = []
    files = sorted(folder.rglob("*.json"))
    if not files:
        raise ImportFailed.single(str(folder), "Der Ordner enthält keine JSON-Dateien.")
    for path in files:
        name = str(path.relative_to(folder))
        try:
            data = json.loads(path.read_text("utf-8-sig"))
        except UnicodeDecodeError:
            problems.append(ImportProblem(name, None, None, "Die Datei ist nicht UTF-8-kodiert."))
            continue
        except json.JSONDecodeError as exc:
            problems.append(
                ImportProblem(
                    name,
                    exc.lineno,
                    None,
                    f"Kein gültiges JSON: {exc.msg} (Zeichen {exc.colno}).",
                )
            )
            continue
        for obj in _objects_in(data):
            if not isinstance(obj.get("id"), str) or not isinstance(obj.get("type"), str):
                problems.append(
                    ImportProblem(name, None, None, "Objekt ohne „id“ oder „type“.", "Objekt")
                )
                continue
            objects.append(obj)
    if problems:
        raise ImportFailed(problems)
    return objects


def fetch_json(url: str) -> Any:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "sozialplanung-oparl-import"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read().decode("utf-8-sig"))
    except urllib.error.HTTPError as exc:
        raise ImportFailed.single(url, f"Der Server antwortet mit Status {exc.code}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ImportFailed.single(url, f"Der Server ist nicht erreichbar ({reason}).") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed.single(url, f"Die Antwort ist kein gültiges JSON ({exc}).") from None


def _with_params(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def read_list(url: str, modified_since: str | None = None) -> Iterator[dict[str, Any]]:
    """Every object of an external list, page after page along ``links.next``."""
    next_url: str | None = (
        _with_params(url, modified_since=modified_since) if modified_since else url
    )
    seen: set[str] = set()
    while next_url and next_url not in seen and len(seen) < MAX_PAGES:
        seen.add(next_url)
        page = fetch_json(next_url)
        if not isinstance(page, dict) or not isinstance(page.get("data"), list):
            raise ImportFailed.single(next_url, "Keine OParl-Liste (Eigenschaft „data“ fehlt).")
        yield from (o for o in page["data"] if isinstance(o, dict))
        next_url = (page.get("links") or {}).get("next")


def choose_body(bodies: list[dict[str, Any]], ags: str, name: str, url: str) -> dict[str, Any]:
    """The body of the municipality: the only one, or the one with its AGS or name."""
    if len(bodies) == 1:
        return bodies[0]
    for body in bodies:
        if (ags and body.get("ags") == ags) or name in (body.get("name"), body.get("shortName")):
            return body
    names = ", ".join(f"„{b.get('name', b.get('id'))}“" for b in bodies) or "keine"
    raise ImportFailed.single(
        url,
        f"Welche Körperschaft gehört zu {name}? Der Server hat {names}; "
        "tragen Sie den Gemeindeschlüssel (AGS) der Kommune ein.",
    )


def read_endpoint(
    url: str,
    *,
    ags: str,
    name: str,
    modified_since: str | None = None,
    log: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    system = fetch_json(url)
    if not isinstance(system, dict) or "body" not in system:
        raise ImportFailed.single(url, "Kein OParl-System-Objekt (Eigenschaft „body“ fehlt).")
    body = choose_body(list(read_list(system["body"])), ags, name, system["body"])
    objects: list[dict[str, Any]] = [body]
    for prop in LIST_PROPERTIES:
        list_url = body.get(prop)
        if not isinstance(list_url, str):
            continue
        found = list(read_list(list_url, modified_since))
        if log:
            log(f"{prop}: {len(found)} Objekte gelesen")
        objects += found
    return objects
