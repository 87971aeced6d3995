"""Settings of a worker process that a test starts: the test's database and uploads.

The test process runs on a test database (pytest-django renames it) and an upload
folder of its own (tests/conftest.py); ``worker_process`` hands both over in the
environment, so that the worker reads the rows and files the test wrote.
"""

import os
from pathlib import Path

from sozialplanung.settings import *  # noqa: F403
from sozialplanung.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["SOZIALPLANUNG_TEST_WORKER_DB"]
MEDIA_ROOT = Path(os.environ["SOZIALPLANUNG_TEST_WORKER_MEDIA"])
