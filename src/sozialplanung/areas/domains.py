"""Planning domains (Planungsbereiche): the defaults of A0200/21 and their seeding."""

from __future__ import annotations

from django.db import transaction

from sozialplanung.core.audit import ActingUser, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility

from .models import PlanningDomain

# (slug, name): the four plannings A0200/21 asks to examine, in its order.
DEFAULT_DOMAINS: tuple[tuple[str, str], ...] = (
    ("sozialplanung", "Sozialplanung"),
    ("jugendhilfeplanung", "Jugendhilfeplanung"),
    ("gesundheitspraevention", "Gesundheitsprävention"),
    ("jobcenter", "Jobcenter"),
)


def seed_default_domains(
    municipality: Municipality, *, acting_user: ActingUser
) -> dict[str, PlanningDomain]:
    """Create the default planning domains that are missing; existing ones (perhaps
    renamed by the municipality) are left alone. Returns all of them by slug."""
    with transaction.atomic():
        for order, (slug, name) in enumerate(DEFAULT_DOMAINS):
            if not PlanningDomain.objects.filter(municipality=municipality, slug=slug).exists():
                save_audited(
                    PlanningDomain(municipality=municipality, slug=slug),
                    {"name": name, "order": order * 10},
                    acting_user=acting_user,
                    visibility=Visibility.PUBLIC,
                )
    return {d.slug: d for d in PlanningDomain.objects.filter(municipality=municipality)}
