"""HSDS taxonomy terms to our categories and target groups.

A term matches a category by code (= our slug) or by name; a term no category knows
becomes a category of its own *below* "Sonstiges", with the term's name kept, so that
nothing is lost and analyses can still count it as "Sonstiges".
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from sozialplanung.core.audit import ActingUser, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility
from sozialplanung.offers.importers.duplicates import normalise_name
from sozialplanung.offers.models import OfferCategory, TargetGroup

from .export import CATEGORY_TAXONOMY, TARGET_GROUP_TAXONOMY

OTHER_SLUG = "sonstiges"
OTHER_NAME = "Sonstiges"


def _create_category(
    municipality: Municipality, values: dict[str, Any], acting_user: ActingUser
) -> OfferCategory:
    # offers.actions has no action for single categories yet; the one audited save.
    with transaction.atomic():
        category, _created = save_audited(
            OfferCategory(municipality=municipality),
            values,
            acting_user=acting_user,
            summary="HSDS-Import",
            visibility=Visibility.PUBLIC,
        )
    return category


class TermResolver:
    def __init__(self, municipality: Municipality, acting_user: ActingUser) -> None:
        self.m, self.acting_user = municipality, acting_user
        self.refresh()

    def refresh(self) -> None:
        categories = list(OfferCategory.objects.filter(municipality=self.m))
        self.by_slug = {c.slug: c for c in categories}
        self.by_name = {normalise_name(c.name): c for c in categories}
        groups = list(TargetGroup.objects.filter(municipality=self.m))
        self.groups = {g.slug: g for g in groups} | {normalise_name(g.name): g for g in groups}

    def known_category(self, term: dict[str, Any]) -> OfferCategory | None:
        code = str(term.get("code") or "")
        return self.by_slug.get(code) or self.by_name.get(normalise_name(str(term.get("name", ""))))

    def category(self, terms: list[dict[str, Any]]) -> tuple[OfferCategory, str | None]:
        """The category of a service's terms, and a note if it had to be made up."""
        ours = [t for t in terms if t.get("taxonomy") == CATEGORY_TAXONOMY]
        others = [
            t for t in terms if t.get("taxonomy") not in (CATEGORY_TAXONOMY, TARGET_GROUP_TAXONOMY)
        ]
        for term in ours + others:
            found = self.known_category(term)
            if found is not None:
                return found, None
        other = self.other()
        candidates = ours + others
        if not candidates:
            return other, None
        term = candidates[0]
        name = str(term.get("name") or term.get("code") or OTHER_NAME)[:200]
        slug = ("hsds-" + slugify(str(term.get("code") or name)))[:80].rstrip("-")
        category = self.by_slug.get(slug)
        if category is None:
            category = _create_category(
                self.m,
                {
                    "slug": slug,
                    "name": name,
                    "parent": other,
                    "description": str(term.get("description") or ""),
                    "unit": other.unit,
                    "order": other.order,
                },
                self.acting_user,
            )
            self.by_slug[slug] = category
        return category, f"Begriff „{name}“ unbekannt: als Unterart von „{other.name}“ angelegt"

    def other(self) -> OfferCategory:
        other = self.by_slug.get(OTHER_SLUG)
        if other is None:
            other = _create_category(
                self.m,
                {"slug": OTHER_SLUG, "name": OTHER_NAME, "order": 999},
                self.acting_user,
            )
            self.by_slug[OTHER_SLUG] = other
        return other

    def target_groups(self, terms: list[dict[str, Any]]) -> list[TargetGroup]:
        found = []
        for term in terms:
            if term.get("taxonomy") != TARGET_GROUP_TAXONOMY:
                continue
            group = self.groups.get(str(term.get("code") or "")) or self.groups.get(
                normalise_name(str(term.get("name", "")))
            )
            if group is not None:
                found.append(group)
        return found
