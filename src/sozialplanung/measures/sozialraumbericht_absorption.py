"""What existing offers can absorb, per Sozialraum, for the report: the ``absorb``
worker's ``needs.absorption`` (contract of issue 18). Until that module exists, the
report states the shortfall only."""

from __future__ import annotations

from typing import Any

from sozialplanung.needs.compute import GapAnalysis

AreaAbsorption = Any


def absorption_of(analysis: GapAnalysis) -> dict[int, AreaAbsorption]:
    """{area id: AreaAbsorption} of ``analysis``; empty without the absorption module."""
    try:
        from sozialplanung.needs.absorption import absorption
    except ImportError:
        return {}
    return dict(absorption(analysis).areas)
