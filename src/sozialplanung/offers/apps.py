from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "sozialplanung.offers"
    label = "offers"
    verbose_name = _("Offers and providers")

    def ready(self) -> None:
        from . import audit_text

        audit_text.register()
