from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sozialplanung.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Each domain app declares its exporters in exporters.py; importing registers them.
        autodiscover_modules("exporters")
