"""The measures a status letter cites under each resolution item.

Measures are linked from the measures app (``Measure.resolution_items``, reverse name
``measures``); the letter stores the lines when it is drafted
(``StatusLetter.cited_measures``), so that a released letter keeps what it said.
"""

from __future__ import annotations

from django.utils import translation

from sozialplanung.core.visibility import Visibility, strictest

from ..models import Resolution


def measure_citations(resolution: Resolution, visibility: str) -> dict[str, list[str]]:
    """Per item, one German line for each linked measure the letter may name.

    Measures are linked from the measures app (``Measure.resolution_items``, reverse
    name ``measures``). A letter cites only measures no more secret than itself, so a
    public letter never names a confidential measure.
    """
    allowed = [v for v in Visibility.values if strictest(v, visibility) == visibility]
    citations: dict[str, list[str]] = {}
    with translation.override("de"):
        for item in resolution.items.order_by("order", "id"):
            lines = []
            measures = (
                item.measures.filter(
                    visibility__in=allowed, field_of_action__plan__visibility__in=allowed
                )
                .select_related("responsible_office")
                .order_by("due_quarter", "title")
            )
            for measure in measures:
                office = measure.responsible_office
                # By name: the council does not know the offices' codes ("50").
                facts = [office.name] if office else []
                if measure.due_quarter:
                    facts.append(f"fällig {measure.due_label}")
                detail = f" ({', '.join(facts)})" if facts else ""
                lines.append(f"Maßnahme „{measure.title}“{detail}: {measure.get_status_display()}.")
            if lines:
                citations[str(item.pk)] = lines
    return citations
