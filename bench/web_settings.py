"""Settings of the load benchmark (bench/web.py) only: the production settings plus a
header with the CPU time the server spent on each request.

Wall times rise with whatever else runs on the machine; the CPU time of the request's
own thread (``time.thread_time``: gunicorn's gthread workers serve each request on one
thread) rises far less, so it is the figure to compare between runs on a shared machine.
The database server's CPU time is not in it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sozialplanung.settings import *  # noqa: F403
from sozialplanung.settings import MIDDLEWARE


class CpuTimeMiddleware:
    """Outermost: sets ``X-Bench-CPU-ms`` to the request's CPU time in milliseconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.thread_time()
        response = self.get_response(request)
        response["X-Bench-CPU-ms"] = f"{(time.thread_time() - started) * 1000:.1f}"
        return response


MIDDLEWARE = ["web_settings.CpuTimeMiddleware", *MIDDLEWARE]
