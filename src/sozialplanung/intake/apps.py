from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "sozialplanung.intake"
    label = "intake"
    verbose_name = _("Document intake")

    def ready(self) -> None:
        # A bulk intake (ZIP of documents) runs as an import job in a worker, which finds
        # the runner of the job's kind in core's registry.
        from sozialplanung.core.imports.jobs import register_runner
        from sozialplanung.core.models import ImportJob

        from .bulk import run_bulk_job

        register_runner(ImportJob.Kind.DOCUMENTS, run_bulk_job)
