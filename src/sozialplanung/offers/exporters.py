"""Exporters of the offers app: the offer inventory as Open Referral HSDS 3.0 (one ZIP).

The ZIP holds what ``export_hsds`` writes into a folder: the JSON objects, the tabular
package (``datapackage.json`` and CSV). Offers are public records, so everyone may fetch
the public package; the internal extension (capacity, staffing) only the social planning
unit of the municipality and administrators, who may read staffing today.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sozialplanung.core.pages import planning_unit
from sozialplanung.reports.base import Exporter, LoginRequired, Parameter, register

from .hsds import export_hsds


@register
class HsdsExporter(Exporter):
    identifier = "hsds"
    title = gettext_lazy("Offers as Open Referral HSDS 3.0 (JSON and tabular package)")
    formats = ("zip",)
    parameters = (
        Parameter(
            "intern",
            gettext_lazy("ja: with capacity and staffing (social planning unit only)"),
        ),
    )

    @property
    def internal(self) -> bool:
        return self.param("intern") == "ja"

    def authorize(self) -> None:
        if not self.internal:
            return
        if not self.user.is_authenticated:
            raise LoginRequired
        if not planning_unit(self.user, self.municipality):
            raise PermissionDenied(_("Only the social planning unit may export staffing."))

    def file_name(self, fmt: str) -> str:
        suffix = "_intern" if self.internal else ""
        return f"hsds-{self.municipality.slug}{suffix}.{fmt}"

    def render(self, fmt: str) -> bytes:
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w") as archive:
            result = export_hsds(self.municipality, folder, internal=self.internal)
            for name in result.files:
                archive.write(Path(folder) / name, name)
        return buffer.getvalue()
