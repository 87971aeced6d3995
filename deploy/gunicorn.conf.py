"""gunicorn for Sozialplanung: ``gunicorn -c deploy/gunicorn.conf.py sozialplanung.wsgi``.

Workers: cores + 1 processes with 4 threads each (gthread). Pages read their analyses
from the cache (core/computed.py) and mostly wait on PostgreSQL or the cache files, which
release the GIL; a heavy request (a report PDF with Typst, the first computation after a
change) then occupies one thread, and the light pages behind it are served by the other
threads of the same process instead of queueing behind it as with sync workers (issue
17). nginx in front buffers slow clients and uploads, so no thread waits on a slow
network. Change the counts with WEB_CONCURRENCY (gunicorn reads it itself) and
SOZIALPLANUNG_THREADS, the address with SOZIALPLANUNG_BIND (docs/betrieb.md).
"""

import multiprocessing
import os

# The unix socket nginx proxies to (deploy/nginx/sozialplanung.conf); or host:port.
bind = os.environ.get("SOZIALPLANUNG_BIND", "unix:/run/sozialplanung/gunicorn.sock")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("SOZIALPLANUNG_THREADS", 4))
# Keep-alive for nginx's (or a load tester's) reused connections.
keepalive = 5
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
