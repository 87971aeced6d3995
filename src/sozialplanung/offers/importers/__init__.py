"""Offer imports from CSV and XLSX (see ``offer_files``); the column set is in ``columns``."""

from .offer_files import OfferImportResult, import_offers

__all__ = ["OfferImportResult", "import_offers"]
