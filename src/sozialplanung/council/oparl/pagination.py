"""External lists of OParl 1.1: filters, pages and the ``links`` between them."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

#: query parameter -> ORM lookup
DATE_FILTERS = {
    "created_since": "created__gte",
    "created_until": "created__lte",
    "modified_since": "modified__gte",
    "modified_until": "modified__lte",
}


class BadListRequest(Exception):
    """A list parameter the server cannot understand; the message is German."""


def parse_datetime(name: str, text: str) -> dt.datetime:
    """ISO 8601 date-time (or date). A "+" that the query string turned into a space
    is restored; a time without offset is read as local time of the installation."""
    cleaned = text.strip()
    if " " in cleaned and "T" in cleaned:
        cleaned = cleaned.replace(" ", "+")
    try:
        value = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise BadListRequest(
            f"Der Parameter {name} muss ein Zeitpunkt nach ISO 8601 sein, "
            f"z. B. 2024-01-31T12:00:00+01:00 (erhalten: „{text[:40]}“)."
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _positive_int(name: str, text: str, maximum: int) -> int:
    if not text.isdigit() or not 1 <= int(text) <= maximum:
        raise BadListRequest(
            f"Der Parameter {name} muss eine ganze Zahl zwischen 1 und {maximum} sein."
        )
    return int(text)


@dataclass
class ListRequest:
    filters: dict[str, dt.datetime]
    page: int
    limit: int

    @classmethod
    def from_request(cls, request: HttpRequest) -> ListRequest:
        filters = {
            name: parse_datetime(name, request.GET[name])
            for name in DATE_FILTERS
            if request.GET.get(name, "") != ""
        }
        page = _positive_int("page", request.GET.get("page", "1"), 10**9)
        limit = _positive_int("limit", request.GET.get("limit", str(DEFAULT_LIMIT)), MAX_LIMIT)
        return cls(filters=filters, page=page, limit=limit)

    def apply(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        lookups = {DATE_FILTERS[name]: value for name, value in self.filters.items()}
        return queryset.filter(**lookups).order_by("pk")

    def link(self, base_url: str, page: int) -> str:
        params = {name: value.isoformat() for name, value in self.filters.items()}
        if self.limit != DEFAULT_LIMIT:
            params["limit"] = str(self.limit)
        params["page"] = str(page)
        return f"{base_url}?{urlencode(params)}"


def paginate(
    queryset: QuerySet[Any], list_request: ListRequest, base_url: str
) -> tuple[list[Any], dict[str, Any], dict[str, str]]:
    """The records of the requested page, the ``pagination`` and the ``links`` object.

    A page beyond the last raises BadListRequest (page 1 of an empty list is fine).
    """
    queryset = list_request.apply(queryset)
    total = queryset.count()
    limit = list_request.limit
    pages = max(1, math.ceil(total / limit))
    page = list_request.page
    if page > pages:
        raise BadListRequest(f"Die Seite {page} gibt es nicht; die Liste hat {pages} Seiten.")
    records = list(queryset[(page - 1) * limit : page * limit])
    pagination = {
        "totalElements": total,
        "elementsPerPage": limit,
        "currentPage": page,
        "totalPages": pages,
    }
    links = {"first": list_request.link(base_url, 1)}
    if page > 1:
        links["prev"] = list_request.link(base_url, page - 1)
    if page < pages:
        links["next"] = list_request.link(base_url, page + 1)
    links["last"] = list_request.link(base_url, pages)
    return records, pagination, links
