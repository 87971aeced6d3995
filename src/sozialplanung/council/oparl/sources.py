"""Where OParl objects come from: a folder of JSON files or a live endpoint.

Both give the same thing, a ``Read``: the objects of the body's lists, each with its
``type``, and the body itself. Objects in a list without a ``type`` (Sternberg sends
deleted objects as ``id``, ``created``, ``modified``, ``deleted`` only) take the type of
the list they appear in, on both paths through the one function ``typed``. Reading
never touches the database, so that a broken file or an unreachable server stops the
import before anything is written. Fetching from a server goes through ``fetch``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sozialplanung.core.imports import ImportFailed, ImportProblem

from .fetch import Fetcher, failed

SCHEMA = "https://schema.oparl.org/1.1/"
#: Body properties naming external lists, in the order they are read, and their type.
LIST_TYPES = {
    "organization": "Organization",
    "person": "Person",
    "membership": "Membership",
    "locationList": "Location",
    "legislativeTermList": "LegislativeTerm",
    "meeting": "Meeting",
    "paper": "Paper",
    "consultation": "Consultation",
    "agendaItem": "AgendaItem",
    "file": "File",
}
MAX_PAGES = 100_000


@dataclass
class Read:
    objects: list[dict[str, Any]] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def typed(
    items: list[Any], kind: str | None, where: str, problems: list[ImportProblem]
) -> list[dict[str, Any]]:
    """The objects of one list; one without ``type`` takes the list's type ``kind``."""
    found = []
    for position, obj in enumerate(items, start=1):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            problems.append(ImportProblem(where, position, None, "Objekt ohne „id“.", "Objekt"))
            continue
        if not isinstance(obj.get("type"), str):
            if kind is None:
                problems.append(
                    ImportProblem(
                        where,
                        None,
                        None,
                        f"Objekt {obj['id']} hat keinen „type“, und die Liste, in der es "
                        "steht, lässt ihn nicht erkennen.",
                    )
                )
                continue
            obj = {**obj, "type": SCHEMA + kind}
        found.append(obj)
    return found


def _list_key(url: str) -> str:
    """A list's URL without its query (page, filters): the same list on every page."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query="", fragment="")).rstrip("/")


def _kind_of_name(name: str) -> str | None:
    """``meeting?page=13.json`` -> Meeting: the cache of a crawler names files by list."""
    stem = name.split("?", 1)[0].removesuffix(".json").lower()
    by_name = {prop.lower(): kind for prop, kind in LIST_TYPES.items()} | {"body": "Body"}
    return by_name.get(stem) or by_name.get(stem.removesuffix("s"))


def _short_type(obj: dict[str, Any]) -> str:
    return str(obj.get("type", "")).rstrip("/").rsplit("/", 1)[-1]


@dataclass
class _Page:
    """One file of a folder: a list page, a JSON array or a single object."""

    name: str
    items: list[Any]
    list_url: str | None = None
    is_list: bool = True


def _page_of(name: str, data: Any) -> _Page | None:
    if isinstance(data, list):
        return _Page(name, data)
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("data"), list) and "type" not in data:
        links = data.get("links") if isinstance(data.get("links"), dict) else {}
        url = next(
            (links[k] for k in ("self", "first", "next") if isinstance(links.get(k), str)), None
        )
        return _Page(name, data["data"], _list_key(url) if url else None)
    if "id" in data or "type" in data:
        return _Page(name, [data], is_list=False)
    return None


def _kind_of_page(page: _Page, list_kinds: dict[str, str]) -> str | None:
    """The type of a list: by its URL in a body, by the file name, by its other objects."""
    if not page.is_list:
        return None
    if page.list_url and page.list_url in list_kinds:
        return list_kinds[page.list_url]
    by_name = _kind_of_name(Path(page.name).name)
    if by_name:
        return by_name
    kinds = {_short_type(o) for o in page.items if isinstance(o, dict) and o.get("type")}
    return kinds.pop() if len(kinds) == 1 else None


def _list_kinds(bodies: list[dict[str, Any]], systems: list[dict[str, Any]]) -> dict[str, str]:
    kinds = {_list_key(s["body"]): "Body" for s in systems if isinstance(s.get("body"), str)}
    for body in bodies:
        kinds |= {
            _list_key(body[prop]): kind
            for prop, kind in LIST_TYPES.items()
            if isinstance(body.get(prop), str)
        }
    return kinds


def read_folder(folder: Path) -> Read:
    """Every JSON file below ``folder``, as written by hand or cached by a crawler."""
    problems: list[ImportProblem] = []
    read = Read()
    files = sorted(folder.rglob("*.json"))
    if not files:
        raise ImportFailed.single(str(folder), "Der Ordner enthält keine JSON-Dateien.")
    pages: list[_Page] = []
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
                    name, exc.lineno, None, f"Kein gültiges JSON: {exc.msg} (Zeichen {exc.colno})."
                )
            )
            continue
        page = _page_of(name, data)
        if page is None:
            # e.g. the validator's missing_ids.json beside its cache
            read.notes.append(f"{name}: enthält keine OParl-Objekte, übersprungen.")
        else:
            pages.append(page)
    typed_objects = [o for p in pages for o in p.items if isinstance(o, dict) and o.get("type")]
    bodies = [o for o in typed_objects if _short_type(o) == "Body"]
    systems = [o for o in typed_objects if _short_type(o) == "System"]
    list_kinds = _list_kinds(bodies, systems)
    for page in pages:
        found = typed(page.items, _kind_of_page(page, list_kinds), page.name, problems)
        read.objects += found
        read.bodies += [o for o in found if _short_type(o) == "Body"]
    if problems:
        raise ImportFailed(problems)
    return read


def _with_params(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def first_page(url: str, modified_since: str | None) -> str:
    """The first page of a list, filtered by ``modified_since`` where one is given."""
    return _with_params(url, modified_since=modified_since) if modified_since else url


@dataclass
class ListPage:
    """One page of an external list as fetched: where it was, what it held, what follows."""

    url: str
    objects: list[dict[str, Any]]
    next_url: str | None
    #: the list's whole length as the server states it (``pagination.totalElements``)
    total: int | None


def list_pages(
    fetcher: Fetcher, start: str, kind: str, problems: list[ImportProblem]
) -> Iterator[ListPage]:
    """The pages of an external list from the page ``start`` on, along ``links.next``."""
    next_url: str | None = start
    seen: set[str] = set()
    while next_url and next_url not in seen and len(seen) < MAX_PAGES:
        seen.add(next_url)
        page = fetcher.json(next_url)
        if not isinstance(page, dict) or not isinstance(page.get("data"), list):
            raise failed(next_url, "Keine OParl-Liste (Eigenschaft „data“ fehlt).")
        links = page.get("links")
        pagination = page.get("pagination")
        total = pagination.get("totalElements") if isinstance(pagination, dict) else None
        following = links.get("next") if isinstance(links, dict) else None
        yield ListPage(
            next_url,
            typed(page["data"], kind, next_url, problems),
            following if isinstance(following, str) else None,
            total if isinstance(total, int) else None,
        )
        next_url = following if isinstance(following, str) else None


def read_list(
    fetcher: Fetcher,
    url: str,
    kind: str,
    problems: list[ImportProblem],
    modified_since: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Every object of an external list, page after page along ``links.next``."""
    for page in list_pages(fetcher, first_page(url, modified_since), kind, problems):
        yield from page.objects


def same_ags(a: object, b: object) -> bool:
    """AGS are eight digits; some systems drop the leading zero ("5358016")."""
    a, b = str(a or "").strip(), str(b or "").strip()
    return bool(a) and a.zfill(8) == b.zfill(8)


def is_body_of(body: dict[str, Any], ags: str, name: str) -> bool:
    """Does ``body`` stand for the municipality? Its AGS decides where both have one."""
    if ags and body.get("ags"):
        return same_ags(body.get("ags"), ags)
    wanted = name.strip().casefold()
    names = (str(body.get(key) or "").casefold() for key in ("name", "shortName"))
    word = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    return bool(wanted) and any(word.search(n) for n in names)


def choose_body(bodies: list[dict[str, Any]], ags: str, name: str, url: str) -> dict[str, Any]:
    """The body of the municipality: the one with its AGS or name, else the only one."""
    for body in bodies:
        if is_body_of(body, ags, name):
            return body
    if len(bodies) == 1:
        return bodies[0]  # the importer decides whether a foreign body is meant
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
    fetcher: Fetcher,
    modified_since: str | None = None,
    log: Callable[[str], None] | None = None,
) -> Read:
    problems: list[ImportProblem] = []
    system = fetcher.json(url)
    if not isinstance(system, dict) or not isinstance(system.get("body"), str):
        raise failed(url, "Kein OParl-System-Objekt (Eigenschaft „body“ fehlt).")
    bodies = list(read_list(fetcher, system["body"], "Body", problems))
    body = choose_body(bodies, ags, name, system["body"])
    read = Read(objects=[body], bodies=[body])
    for prop, kind in LIST_TYPES.items():
        list_url = body.get(prop)
        if not isinstance(list_url, str):
            continue
        found = list(read_list(fetcher, list_url, kind, problems, modified_since))
        if log:
            log(f"{prop}: {len(found)} Objekte gelesen")
        read.objects += found
    if problems:
        raise ImportFailed(problems)
    return read
