"""Every change to providers, offers, staffing, funding and need reports goes through here.

Each function checks who may make the change, opens a transaction, writes the audit
entry and returns the record. A ``core.audit.Process`` as ``acting_user`` ("Demo",
"Import", "CLI") is a trusted system path. Offers are public records (the finder shows them), so their
trail is public; staffing, funding and need reports are internal, and so is their trail.

Who may edit: the municipality's planning unit and administrators everything; a Träger
user the offers of providers whose ``users`` include them; nobody else.
"""

from .common import can_edit_all_offers, can_edit_provider
from .internal import file_need_report, set_funding, set_staffing
from .inventory import (
    DEFAULT_CATEGORIES,
    DEFAULT_TARGET_GROUPS,
    add_provider_user,
    confirm_offer,
    located_in_codes,
    save_offer,
    save_provider,
    seed_default_categories,
    seed_default_target_groups,
)
from .utilisation import report_utilisation

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_TARGET_GROUPS",
    "add_provider_user",
    "can_edit_all_offers",
    "can_edit_provider",
    "confirm_offer",
    "file_need_report",
    "located_in_codes",
    "report_utilisation",
    "save_offer",
    "save_provider",
    "seed_default_categories",
    "seed_default_target_groups",
    "set_funding",
    "set_staffing",
]
