"""Colours for the indicator map: classes from ``analysis.classify``, palette, legend.

Kept apart from the views so that the map page, the area profile and later the reports
colour the same data the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sozialplanung.analysis.classify import Method, assign_classes, class_breaks

# ColorBrewer "YlOrRd" (sequential, colour-blind safe, prints in greyscale), by class count.
YL_OR_RD: dict[int, list[str]] = {
    3: ["#ffeda0", "#feb24c", "#f03b20"],
    4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
    5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
    6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
    7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
}
MIN_CLASSES, MAX_CLASSES = 3, 7
NO_DATA_COLOUR = "#bdbdbd"
# Areas whose value is withheld for the reader (statistical confidentiality, "•").
SUPPRESSED_COLOUR = "#e0e0e0"
# Areas whose statistics are published with a neighbour: a pale fill, dashed outline.
REPORTED_WITH_COLOUR = "#f7f7f7"


def palette(n: int) -> list[str]:
    """``n`` colours, light to dark (1 or 2 classes take the ends of the 3-class palette)."""
    if n >= MIN_CLASSES:
        return YL_OR_RD[min(n, MAX_CLASSES)]
    return YL_OR_RD[3][:1] if n == 1 else [YL_OR_RD[3][0], YL_OR_RD[3][2]]


@dataclass(frozen=True)
class LegendClass:
    colour: str
    lower: float
    upper: float
    count: int


@dataclass(frozen=True)
class Classification:
    classes: list[LegendClass]
    colours: list[str | None]  # per input value; None when the value is missing


def classify(values: Sequence[float | None], method: Method, k: int) -> Classification:
    """Class every value and describe the classes for the legend."""
    breaks = class_breaks(values, method, k)
    indices = assign_classes(values, breaks)
    n = max(len(breaks) - 1, 0)
    colours_for_class = palette(n) if n else []
    counts = [int((indices == i).sum()) for i in range(n)]
    classes = [
        LegendClass(colours_for_class[i], breaks[i], breaks[i + 1], counts[i]) for i in range(n)
    ]
    colours = [colours_for_class[i] if i >= 0 else None for i in indices.tolist()]
    return Classification(classes=classes, colours=colours)
