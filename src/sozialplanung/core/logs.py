"""Logs for operators: one JSON object per line on stdout, one line per request.

The formatter is python-json-logger's with the field names docs/betrieb.md shows
(time, level, logger, message); whatever a call passes in ``extra`` (the request's path,
status, duration) becomes a field of its own. LOGGING in settings.py wires both.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.json import JsonFormatter as _LibraryFormatter

#: The logger of the request lines; tests/conftest.py keeps it quiet under pytest.
REQUEST_LOGGER = "sozialplanung.request"
request_log = logging.getLogger(REQUEST_LOGGER)


class JsonFormatter(_LibraryFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("json_ensure_ascii", False)  # German messages stay readable
        super().__init__(*args, **kwargs)


class RequestLogMiddleware:
    """Log method, path, status and duration of every request, once it is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response
