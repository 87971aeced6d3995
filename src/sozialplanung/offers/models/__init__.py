"""The inventory of social offers: providers, offers, staffing, funding, need reports.

Names follow the glossary: Träger = provider (HSDS organization), Angebot = offer (HSDS
service at one location), Angebotsart = offer category (a taxonomy per municipality),
Zielgruppe = target group. Staffing, funding and need reports are internal: the public
never sees them (their querysets default to non-public), and a provider sees only its
own (``ProviderOwnedQuerySet``).
"""

from .internal import (
    Funding,
    NeedReport,
    NeedReportQuerySet,
    ProviderOwnedQuerySet,
    Staffing,
    StaffingQuerySet,
)
from .inventory import (
    Closure,
    Offer,
    OfferCategory,
    OfferQuerySet,
    OpeningHours,
    Provider,
    TargetGroup,
)
from .upkeep import AddressPoint, StaleReminder

__all__ = [
    "AddressPoint",
    "Closure",
    "Funding",
    "NeedReport",
    "NeedReportQuerySet",
    "Offer",
    "OfferCategory",
    "OfferQuerySet",
    "OpeningHours",
    "Provider",
    "ProviderOwnedQuerySet",
    "Staffing",
    "StaffingQuerySet",
    "StaleReminder",
    "TargetGroup",
]
