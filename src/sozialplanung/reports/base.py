"""The exporter: a declared output, its registry, and what running it gives.

An exporter declares what a reader needs to know before running it – identifier, title,
formats, parameters – and decides in ``authorize`` who may run it, using the rules the
pages of its app use (``visible_to``, roles); it never widens what a role may read.
``export`` checks the format and the reader, then renders. Readers are people: the web
passes the logged-in user, the command line ``--user`` (or nobody, who sees what the
public sees).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from sozialplanung.core.models import Municipality
from sozialplanung.core.pages import Audience

from .spreadsheet import Table, write_csv, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {
    "xlsx": XLSX,
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}


class LoginRequired(PermissionDenied):
    """Nobody is logged in, and only certain users may run this: the web asks for a login."""


class ExportFailed(Exception):
    """The parameters do not give anything to export; the message is for the reader."""


@dataclass(frozen=True)
class Parameter:
    """A value the exporter reads: the query string key of its page, or a part of its URL."""

    name: str
    help: str
    required: bool = False


@dataclass(frozen=True)
class Output:
    content: bytes
    media_type: str
    file_name: str


class Exporter:
    identifier: ClassVar[str]
    title: ClassVar[Any]  # a lazy translation
    formats: ClassVar[tuple[str, ...]]
    parameters: ClassVar[tuple[Parameter, ...]] = ()
    #: Who may run it, as for the pages (``core.pages``); None: everyone, rows are filtered.
    audience: ClassVar[Audience | None] = None
    #: The reason given to a logged-in user outside the audience; None answers 404.
    refusal: ClassVar[Any] = None

    def __init__(
        self, municipality: Municipality, user: Any, query: QueryDict | Mapping[str, str]
    ) -> None:
        self.municipality = municipality
        self.user = user
        if not isinstance(query, QueryDict):
            built = QueryDict(mutable=True)
            built.update(query)
            query = built
        self.query = query

    def param(self, name: str) -> str:
        return str(self.query.get(name, "")).strip()

    def authorize(self) -> None:
        """Raise ``LoginRequired``, ``PermissionDenied`` or ``Http404`` for a reader who may
        not run this: the same answers as ``core.pages.municipality_page`` gives. Without
        an audience everyone may run it: rows come through ``visible_to``."""
        audience = type(self).audience  # read from the class: a plain function, not a method
        if audience is None:
            return
        if not self.user.is_authenticated:
            raise LoginRequired
        if not audience(self.user, self.municipality):
            if self.refusal is None:
                raise Http404
            raise PermissionDenied(str(self.refusal))

    def file_name(self, fmt: str) -> str:
        raise NotImplementedError

    def render(self, fmt: str) -> bytes:
        raise NotImplementedError

    def export(self, fmt: str) -> Output:
        if fmt not in self.formats:
            raise ExportFailed(
                _("“%(name)s” is available as %(formats)s, not as %(format)s.")
                % {"name": self.identifier, "formats": ", ".join(self.formats), "format": fmt}
            )
        missing = [p.name for p in self.parameters if p.required and not self.param(p.name)]
        if missing:
            raise ExportFailed(_("Missing parameter: %(names)s.") % {"names": ", ".join(missing)})
        self.authorize()
        content = self.render(fmt)
        return Output(content, MEDIA_TYPES[fmt], self.file_name(fmt))


_REGISTRY: dict[str, type[Exporter]] = {}
E = TypeVar("E", bound=type[Exporter])


def register(cls: E) -> E:
    """Class decorator: make the exporter known to the web, the API and the command line."""
    if _REGISTRY.get(cls.identifier, cls) is not cls:
        raise ValueError(f"Two exporters are called {cls.identifier}")
    _REGISTRY[cls.identifier] = cls
    return cls


def exporters() -> list[type[Exporter]]:
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def exporter_named(identifier: str) -> type[Exporter] | None:
    return _REGISTRY.get(identifier)


class TabularExporter(Exporter):
    """Rows under headers; one writer makes XLSX and CSV of them."""

    formats: ClassVar[tuple[str, ...]] = ("xlsx", "csv")

    def tables(self) -> list[Table]:
        raise NotImplementedError

    def render(self, fmt: str) -> bytes:
        tables = self.tables()
        if fmt == "csv":
            # A CSV file holds one table; a CSV exporter has exactly one.
            (table,) = tables
            return write_csv(table)
        return write_xlsx(*tables)
