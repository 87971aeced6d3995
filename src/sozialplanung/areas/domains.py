"""Planning domains (Planungsbereiche): the defaults of A0200/21 and their seeding, the
domain a query string chooses (``bereich=<slug>``), indicators assigned to domains."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from sozialplanung.core.audit import ActingUser, record_change, save_audited
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility

from .models import Indicator, PlanningDomain

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


def domains_of(municipality: Municipality) -> list[PlanningDomain]:
    return list(PlanningDomain.objects.filter(municipality=municipality))


def chosen_domain(municipality: Municipality, query: Mapping[str, str]) -> PlanningDomain | None:
    """The planning domain the query string names (``bereich=<slug>``), None for all
    (also for an unknown slug: the page then shows everything and says nothing false)."""
    slug = query.get("bereich", "")
    if not slug:
        return None
    return PlanningDomain.objects.filter(municipality=municipality, slug=slug).first()


def set_indicator_domains(
    indicator: Indicator, domains: Iterable[PlanningDomain], *, acting_user: ActingUser
) -> bool:
    """Assign ``indicator`` to exactly ``domains`` (all of its municipality); the change
    goes into the indicator's history. Returns whether anything changed."""
    wanted = {d.pk: d for d in domains}
    if any(d.municipality_id != indicator.municipality_id for d in wanted.values()):
        raise ValueError("planning domain of another municipality")
    with transaction.atomic():
        current = {d.pk: d for d in indicator.domains.all()}
        if set(current) == set(wanted):
            return False
        indicator.domains.set(list(wanted.values()))
        record_change(
            indicator,
            before={"Planungsbereiche": ", ".join(sorted(d.name for d in current.values()))},
            after={"Planungsbereiche": ", ".join(sorted(d.name for d in wanted.values()))},
            acting_user=acting_user,
            visibility=indicator.visibility,
        )
    return True
