from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "sozialplanung.council"
    label = "council"
    verbose_name = _("Council and resolution control")

    def ready(self) -> None:
        # A synchronisation with a council system runs as an import job in a worker,
        # which finds its runner in core's registry.
        from .oparl.sync import register

        register()
