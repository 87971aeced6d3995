"""Importers for areas (boundaries) and indicator values: all or nothing.

The command line, the web upload and the demo loader all call these functions.
"""

from .area_files import import_areas
from .indicator_files import import_indicators
from .mapping import IndicatorMapping, ValueColumn

__all__ = [
    "IndicatorMapping",
    "ValueColumn",
    "import_areas",
    "import_indicators",
]
