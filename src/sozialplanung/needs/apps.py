from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "sozialplanung.needs"
    verbose_name = _("Needs and gaps")

    def ready(self) -> None:
        from sozialplanung.core.computed import data_changed

        from .tasks import queue_recomputation

        data_changed.connect(queue_recomputation, dispatch_uid="needs-recompute")
        from . import scenario_audit

        scenario_audit.register()
