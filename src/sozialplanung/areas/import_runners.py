"""The importers of areas and indicator values as runners of web import jobs.

The upload page stores the form's choices as JSON options on the job
(``import_views``); a worker turns them back into the importer's arguments here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext as _

from sozialplanung.core.imports import ImportResult, Progress
from sozialplanung.core.imports.jobs import acting_user, register_runner
from sozialplanung.core.models import ImportJob

from .importers import IndicatorMapping, import_areas, import_indicators


def run_areas(path: Path, *, job: ImportJob, progress: Progress, filename: str) -> ImportResult:
    options = dict(job.options)
    options["valid_from"] = dt.date.fromisoformat(options["valid_from"])
    return import_areas(
        path,
        municipality=job.municipality,
        acting_user=acting_user(job),
        progress=progress,
        filename=filename,
        **options,
    )


def run_indicators(
    path: Path, *, job: ImportJob, progress: Progress, filename: str
) -> ImportResult:
    mapping = IndicatorMapping.from_json(job.options["mapping"], file=_("Mapping"))
    return import_indicators(
        path,
        municipality=job.municipality,
        mapping=mapping,
        acting_user=acting_user(job),
        progress=progress,
        filename=filename,
    )


def register() -> None:
    register_runner(ImportJob.Kind.AREAS, run_areas)
    register_runner(ImportJob.Kind.INDICATORS, run_indicators)
