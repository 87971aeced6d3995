"""gunicorn for Sozialplanung: ``gunicorn -c deploy/gunicorn.conf.py sozialplanung.wsgi``.

Workers: 2 × cores + 1 sync workers, gunicorn's own rule of thumb. A request here mostly
computes (maps, roll-ups, PDF rendering with Typst) or waits briefly on PostgreSQL; sync
workers use every core for that, and nginx in front buffers slow clients and uploads, so
no worker waits on a slow network. Threads (gthread) would not compute faster under the
GIL. Change the count with WEB_CONCURRENCY (gunicorn reads it itself), the address with
SOZIALPLANUNG_BIND (docs/betrieb.md).
"""

import multiprocessing
import os

# The unix socket nginx proxies to (deploy/nginx/sozialplanung.conf); or host:port.
bind = os.environ.get("SOZIALPLANUNG_BIND", "unix:/run/sozialplanung/gunicorn.sock")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Long enough for the largest report PDF; a worker silent for longer is restarted.
timeout = 120
graceful_timeout = 30
# Django writes one JSON line per request itself (core/logs.py): no second access log.
accesslog = None
errorlog = "-"
# gunicorn's own messages (start, worker restarts) as JSON lines on stdout too.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sozialplanung.core.logs.JsonFormatter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
    # Replaces gunicorn's defaults, whose root logger names a handler left out here.
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "INFO", "propagate": False},
    },
}
# Behind nginx on the same machine: trust its X-Forwarded-* headers.
forwarded_allow_ips = "127.0.0.1,::1"
