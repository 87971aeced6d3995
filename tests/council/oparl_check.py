"""Helpers for OParl tests: schema validation against the published 1.1 schemas, and
a crawler that follows every OParl URL a response names.

The schema files name embedded objects with a non-standard ``"schema": "File.json"``;
we turn those into ``$ref`` and resolve them locally through a referencing.Registry,
so that an embedded File in a Paper is validated against File.json, too.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

OPARL_DIR = settings.OPEN_DATA_DIR / "standards" / "oparl"
SCHEMA_DIR = OPARL_DIR / "schema"
EXAMPLES_DIR = OPARL_DIR / "examples"
SCHEMA_BASE = "https://schema.oparl.org/1.1/"
SERVER = "http://testserver/oparl/v1.1/"
#: A trimmed copy of real Sternberg output (see SOURCES.md there).
HUERTGENWALD = Path(__file__).resolve().parents[1] / "data" / "oparl" / "huertgenwald"

formats = FormatChecker()


@formats.checks("url")
def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@formats.checks("date-time", raises=ValueError)
def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return dt.datetime.fromisoformat(value).tzinfo is not None and "T" in value


@formats.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if isinstance(value, str):
        dt.date.fromisoformat(value)
    return True


def _with_refs(node: Any) -> Any:
    if isinstance(node, dict):
        node = {k: _with_refs(v) for k, v in node.items()}
        if node.get("type") == "object" and str(node.get("schema", "")).endswith(".json"):
            return {"$ref": node["schema"]}
        return node
    if isinstance(node, list):
        return [_with_refs(v) for v in node]
    return node


@cache
def validators() -> dict[str, Draft7Validator]:
    schemas = {}
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        schema = _with_refs(json.loads(path.read_text("utf-8")))
        schema["$id"] = SCHEMA_BASE + path.name
        schemas[path.stem] = schema
    registry: Registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s, default_specification=DRAFT7))
        for s in schemas.values()
    )
    return {
        name: Draft7Validator(schema, registry=registry, format_checker=formats)
        for name, schema in schemas.items()
    }


def oparl_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every OParl object in a response, embedded ones included."""
    if isinstance(data, dict):
        if str(data.get("type", "")).startswith(SCHEMA_BASE):
            yield data
        for value in data.values():
            yield from oparl_objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from oparl_objects(value)


def schema_errors(obj: dict[str, Any]) -> list[str]:
    name = obj["type"].removeprefix(SCHEMA_BASE)
    validator = validators().get(name)
    if validator is None:
        return [f"{obj.get('id')}: unbekannter Typ {obj['type']}"]
    return [f"{obj.get('id')}: {e.json_path}: {e.message}" for e in validator.iter_errors(obj)]


def urls_in(data: Any, prefix: str = SERVER) -> Iterator[str]:
    if isinstance(data, str):
        if data.startswith(prefix):
            yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from urls_in(value, prefix)
    elif isinstance(data, list):
        for value in data:
            yield from urls_in(value, prefix)


def crawl(client: Any, start: str = SERVER, limit: int = 5000) -> dict[str, Any]:
    """URL -> response of every OParl URL reachable from ``start`` (bodies included)."""
    seen: dict[str, Any] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url.removeprefix("http://testserver"))
        seen[url] = response
        if response.get("Content-Type", "").startswith("application/json"):
            queue.extend(u for u in urls_in(response.json()) if u not in seen)
    return seen


#: What a local test server answers for a path: status, headers, body chunks.
Answer = tuple[int, dict[str, str], Iterable[bytes]]


@contextmanager
def local_server(answer: Callable[[str, str], Answer | None]) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 in a thread; yields its base URL.

    ``answer(base, path)`` gives the response for a GET (None: 404). Bodies are written
    chunk by chunk, so a test can stream far more than it ever holds.
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_port}"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = answer(base, self.path)
            status, headers, chunks = found or (404, {}, [b""])
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                for chunk in chunks:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: what a size cap does

        def log_message(self, *args: object) -> None:
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def json_answer(data: Any) -> Answer:
    body = json.dumps(data).encode("utf-8") if not isinstance(data, bytes) else data
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    return 200, headers, [body]
