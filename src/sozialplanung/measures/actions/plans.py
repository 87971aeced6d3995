"""Plans, measures, their status history and key figures (audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sozialplanung.areas.models import Area
from sozialplanung.core.audit import (
    ActingUser,
    author,
    is_process,
    person,
    record_change,
    save_audited,
)
from sozialplanung.core.concurrency import lock_unchanged
from sozialplanung.core.models import Municipality
from sozialplanung.core.visibility import Visibility, strictest
from sozialplanung.council.models import ResolutionItem
from sozialplanung.offers.models import Offer, OfferCategory

from ..models import (
    FieldOfAction,
    KeyFigure,
    KeyFigureValue,
    Measure,
    MeasureCost,
    MeasureGap,
    MeasureOffer,
    MeasureUpdate,
    Plan,
)
from .common import can_update_measure, measure_visibility, require_planner


def save_plan(
    municipality: Municipality,
    slug: str,
    *,
    title: str,
    description: str = "",
    resolution: Any = None,
    visibility: str = Visibility.PUBLIC,
    fields: Sequence[str] = (),
    acting_user: ActingUser,
) -> Plan:
    """Create or update a plan (by slug) and make sure its fields of action exist, in order."""
    with transaction.atomic():
        require_planner(acting_user, municipality.pk)
        plan = Plan.objects.filter(municipality=municipality, slug=slug).first() or Plan(
            municipality=municipality, slug=slug
        )
        plan, _changed = save_audited(
            plan,
            {
                "title": title,
                "description": description,
                "resolution": resolution,
                "visibility": visibility,
            },
            acting_user=acting_user,
            visibility=visibility,
            summary=_("Plan %(title)s") % {"title": title},
        )
        for order, name in enumerate(fields, start=1):
            field = FieldOfAction.objects.filter(plan=plan, name=name).first() or FieldOfAction(
                plan=plan, name=name
            )
            save_audited(
                field,
                {"order": order},
                acting_user=acting_user,
                visibility=visibility,
                municipality_id=municipality.pk,
            )
        return plan


@dataclass(frozen=True)
class CostRecord:
    amount: Decimal
    year: int
    recurring: bool = False
    end_year: int | None = None
    nature: str = MeasureCost.Nature.CONSUMPTIVE
    source: str = "kommune"
    label: str = ""


@dataclass(frozen=True)
class GapRecord:
    area: Area
    category: OfferCategory
    added_capacity: Decimal | None = None


def save_measure(
    field: FieldOfAction,
    *,
    title: str,
    number: str = "",
    values: dict[str, Any] | None = None,
    resolution_items: Iterable[ResolutionItem] | None = None,
    gaps: Sequence[GapRecord] | None = None,
    offers: Sequence[tuple[Offer, str]] | None = None,
    costs: Sequence[CostRecord] | None = None,
    requires: Iterable[Measure] | None = None,
    measure: Measure | None = None,
    acting_user: ActingUser,
    version: str | None = None,
) -> Measure:
    """Create or update a measure: ``measure`` when given (the edit form), otherwise the
    plan's measure with this number, or with this title (demo, repeated runs).

    ``values`` holds the measure's own fields (description, responsible_office, quarters,
    status, mandatory, budget_line, capacity …). Links given as a sequence replace the
    existing ones; ``None`` leaves them alone. ``version`` is the version of ``measure``
    the edit form was filled in against: a save on an older one is refused
    (``core.concurrency``).
    """
    plan = field.plan
    with transaction.atomic():
        require_planner(acting_user, plan.municipality_id)
        if measure is None:
            existing = Measure.objects.filter(field_of_action__plan=plan)
            measure = (
                (existing.filter(number=number).first() if number else None)
                or existing.filter(title=title).first()
                or Measure(field_of_action=field)
            )
        elif measure.field_of_action.plan_id != plan.pk:
            raise ValidationError(_("The measure belongs to another plan."))
        else:
            measure = lock_unchanged(measure, version)  # type: ignore[assignment]
        own = {"field_of_action": field, "title": title, "number": number} | (values or {})
        if "status" in own and own["status"] not in Measure.Status.values:
            raise ValidationError(_("Unknown status: %(status)s") % {"status": own["status"]})
        probe = Measure(**{k: v for k, v in own.items()})
        probe.full_clean(exclude=["field_of_action", "responsible_office", "budget_line"])
        links_before = _links(measure) if measure.pk else {}
        measure, _changed = save_audited(
            measure,
            own,
            acting_user=acting_user,
            visibility=strictest(own.get("visibility", measure.visibility), plan.visibility),
            municipality_id=plan.municipality_id,
            summary=_("Measure %(title)s") % {"title": title},
        )
        if resolution_items is not None:
            measure.resolution_items.set(list(resolution_items))
        if requires is not None:
            measure.requires.set([m for m in requires if m.pk != measure.pk])
        if gaps is not None:
            measure.gaps.all().delete()
            MeasureGap.objects.bulk_create(
                MeasureGap(
                    measure=measure,
                    area=g.area,
                    category=g.category,
                    added_capacity=g.added_capacity,
                )
                for g in gaps
            )
        if offers is not None:
            measure.offer_links.all().delete()
            MeasureOffer.objects.bulk_create(
                MeasureOffer(measure=measure, offer=offer, role=role) for offer, role in offers
            )
        if costs is not None:
            for cost in costs:
                if cost.end_year is not None and cost.end_year < cost.year:
                    raise ValidationError(
                        _("The last year of a cost (%(end)s) lies before its first (%(start)s).")
                        % {"end": cost.end_year, "start": cost.year}
                    )
            measure.costs.all().delete()
            MeasureCost.objects.bulk_create(
                MeasureCost(
                    measure=measure,
                    label=c.label,
                    amount=c.amount,
                    year=c.year,
                    recurring=c.recurring,
                    end_year=c.end_year,
                    nature=c.nature,
                    source=c.source,
                )
                for c in costs
            )
        links_after = _links(measure)
        if links_before != links_after and links_before:
            record_change(
                measure,
                before=links_before,
                after=links_after,
                acting_user=acting_user,
                visibility=measure_visibility(measure),
                municipality_id=plan.municipality_id,
                summary=_("Links and costs of measure %(title)s") % {"title": title},
            )
        return measure


def _links(measure: Measure) -> dict[str, Any]:
    """The measure's links and costs as comparable data, for the audit trail."""
    return {
        "resolution_items": sorted(measure.resolution_items.values_list("pk", flat=True)),
        "requires": sorted(measure.requires.values_list("pk", flat=True)),
        "gaps": sorted(
            [a, c, str(x)]
            for a, c, x in measure.gaps.values_list("area_id", "category_id", "added_capacity")
        ),
        "offers": sorted([o, r] for o, r in measure.offer_links.values_list("offer_id", "role")),
        "costs": sorted(
            [str(a), y, r, e, n, s]
            for a, y, r, e, n, s in measure.costs.values_list(
                "amount", "year", "recurring", "end_year", "nature", "source"
            )
        ),
    }


def record_measure_update(
    measure: Measure,
    *,
    date: dt.date,
    status: str,
    note: str = "",
    acting_user: ActingUser,
    version: str | None = None,
) -> MeasureUpdate:
    """Add an entry to the measure's status history; the newest entry sets its status.

    ``version``: the version of the measure the status form showed; a status set on an
    older one is refused (``core.concurrency``)."""
    with transaction.atomic():
        measure = lock_unchanged(measure, version)  # type: ignore[assignment]
        if not is_process(acting_user) and not can_update_measure(person(acting_user), measure):
            raise PermissionDenied(
                _(
                    "Only the responsible office or the social planning unit may update this measure."
                )
            )
        if status not in Measure.Status.values:
            raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
        visibility = measure_visibility(measure)
        update, _changed = save_audited(
            MeasureUpdate(measure=measure, author=author(acting_user)),
            {"date": date, "status": status, "note": note.strip()},
            acting_user=acting_user,
            visibility=visibility,
            municipality_id=measure.municipality_id,
            summary=_("Status of measure %(title)s: %(status)s")
            % {"title": measure.title, "status": Measure.Status(status).label},
        )
        newest = measure.updates.order_by("-date", "-id").first()
        if newest is not None and newest.status != measure.status:
            save_audited(
                measure,
                {"status": newest.status},
                acting_user=acting_user,
                visibility=visibility,
                municipality_id=measure.municipality_id,
            )
        return update


def save_key_figure(
    measure: Measure,
    name: str,
    *,
    baseline: Decimal,
    baseline_date: dt.date,
    unit: str = "",
    target: Decimal | None = None,
    target_date: dt.date | None = None,
    source: str = "",
    actuals: Sequence[tuple[dt.date, Decimal, str]] = (),
    acting_user: ActingUser,
) -> KeyFigure:
    """Create or update a key figure and add (or correct) actual values by date."""
    with transaction.atomic():
        require_planner(acting_user, measure.municipality_id)
        if target_date is not None and target_date < baseline_date:
            raise ValidationError(_("The target date lies before the baseline date."))
        figure = KeyFigure.objects.filter(measure=measure, name=name).first() or KeyFigure(
            measure=measure, name=name
        )
        visibility = measure_visibility(measure)
        figure, _changed = save_audited(
            figure,
            {
                "unit": unit,
                "baseline": baseline,
                "baseline_date": baseline_date,
                "target": target,
                "target_date": target_date,
                "source": source,
            },
            acting_user=acting_user,
            visibility=visibility,
            municipality_id=measure.municipality_id,
            summary=_("Key figure %(name)s") % {"name": name},
        )
        for date, value, note in actuals:
            row = KeyFigureValue.objects.filter(key_figure=figure, date=date).first()
            save_audited(
                row or KeyFigureValue(key_figure=figure, date=date),
                {"value": value, "note": note},
                acting_user=acting_user,
                visibility=visibility,
                municipality_id=measure.municipality_id,
                summary=_("Actual value of %(name)s") % {"name": name},
            )
        return figure


def record_key_figure_value(
    figure: KeyFigure,
    *,
    date: dt.date,
    value: Decimal,
    note: str = "",
    acting_user: ActingUser,
) -> KeyFigureValue:
    """Record (or correct) the actual value of a key figure at a date.

    Like a status entry, this is for the responsible office as well as the planning
    unit; the key figure's baseline and target stay the planning unit's.
    """
    measure = figure.measure
    with transaction.atomic():
        if not is_process(acting_user) and not can_update_measure(person(acting_user), measure):
            raise PermissionDenied(
                _(
                    "Only the responsible office or the social planning unit may update this measure."
                )
            )
        row = KeyFigureValue.objects.filter(key_figure=figure, date=date).first()
        row, _changed = save_audited(
            row or KeyFigureValue(key_figure=figure, date=date),
            {"value": value, "note": note.strip()},
            acting_user=acting_user,
            visibility=measure_visibility(measure),
            municipality_id=measure.municipality_id,
            summary=_("Actual value of %(name)s") % {"name": figure.name},
        )
        return row
