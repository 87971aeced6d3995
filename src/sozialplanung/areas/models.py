"""Spatial units (areas) in a hierarchy, their boundary versions, and indicators.

The time series of an indicator hangs on the area, never on a boundary version:
when a boundary changes, the area keeps its values and gets a new boundary version.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sozialplanung.core.models import Municipality, TimeStampedModel
from sozialplanung.core.visibility import Visibility, VisibleQuerySet


class PlanningDomain(TimeStampedModel):
    """Planungsbereich: a planning of the municipality whose needs are examined together
    (A0200/21: Sozialplanung, Jugendhilfeplanung, Gesundheitsprävention, Jobcenter).

    A dimension of offer categories (and so of offers, reference values and gaps) and of
    indicators; every view and report can be cut by it. Defaults in ``areas.domains``,
    editable per municipality.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="planning_domains",
        verbose_name=_("municipality"),
    )
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("planning domain")
        verbose_name_plural = _("planning domains")
        ordering = ["municipality", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_domain_slug")
        ]

    def __str__(self) -> str:
        return self.name


class AreaLevel(TimeStampedModel):
    """A level of the area hierarchy, e.g. Stadt (depth 0) > Stadtbezirk > Stadtteil."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="area_levels"
    )
    slug = models.SlugField(_("short name"))
    name = models.CharField(_("name"), max_length=100)
    name_plural = models.CharField(_("plural"), max_length=100, blank=True, default="")
    depth = models.PositiveSmallIntegerField(
        _("depth"), help_text=_("0 for the whole municipality, larger for finer levels.")
    )

    class Meta:
        verbose_name = _("area level")
        verbose_name_plural = _("area levels")
        ordering = ["municipality", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_level_slug"),
            models.UniqueConstraint(fields=["municipality", "depth"], name="unique_level_depth"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def dative_plural(self) -> str:
        """The plural after "nach", "in", "mit": "nach Stadtteilen", not "nach Stadtteile".
        German grammar only: the English interface reads the plural as stored ("by
        Stadtteile"), not a German inflection of it."""
        plural = self.name_plural or self.name
        return dative_plural(plural) if (get_language() or "de").startswith("de") else plural


def dative_plural(plural: str) -> str:
    """German dative plural of a (nominative) plural, word by word.

    The dative plural adds -n to plurals ending in -e, -el, -er (Stadtteile, Viertel),
    not to those already ending in -n or -s (Gemeinden, Kitas); an adjective before the noun takes -n as well ("Statistische Bezirke" ->
    "Statistischen Bezirken"). Level names are German whatever the interface language.
    """
    return " ".join(
        word + "n" if word.endswith(("e", "el", "er")) else word for word in plural.split(" ")
    )


def area_code_problem(code: str) -> str | None:
    """Why ``code`` cannot be an area code, or None when it can.

    The code is the last segment of the public area URL: a slash would split it, "." and
    ".." are path steps browsers resolve, and control characters have no business there.
    """
    if "/" in code or "\\" in code:
        return f"Code „{code}“ darf keinen Schrägstrich enthalten"
    if code in (".", ".."):
        return f"Code „{code}“ ist als Gebietscode nicht erlaubt"
    if any(not ch.isprintable() for ch in code):
        return f"Code „{code}“ enthält Steuerzeichen"
    return None


class Area(TimeStampedModel):
    """A spatial unit: Stadtteil, Ortsteil, Stadtbezirk, Planungsraum, or the city."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="areas")
    level = models.ForeignKey(AreaLevel, on_delete=models.PROTECT, related_name="areas")
    code = models.CharField(
        _("code"), max_length=50, help_text=_("As the statistics office uses it.")
    )
    name = models.CharField(_("name"), max_length=200)
    long_name = models.CharField(_("long name"), max_length=500, blank=True, default="")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Some statistics offices publish an area only together with a neighbour (Dresden
    # counts Stadtteil 33 and 34 in 31 Klotzsche for data protection). The value of the
    # neighbour then covers both; this area shows "contained in …" instead of a number.
    reported_with = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_also",
        verbose_name=_("statistics published together with"),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["level__depth", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "level", "code"], name="unique_area_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.level.depth > 0 else self.name

    def boundary_on(self, day: dt.date | None = None) -> AreaBoundary | None:
        """The boundary valid on ``day`` (today when not given)."""
        day = day or dt.date.today()
        return (
            self.boundaries.filter(valid_from__lte=day)
            .filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))
            .order_by("-valid_from")
            .first()
        )

    def current_boundary(self) -> AreaBoundary | None:
        """The newest boundary version (open-ended if there is one)."""
        return self.boundaries.order_by(
            models.F("valid_to").desc(nulls_first=True), "-valid_from"
        ).first()


class AreaBoundary(TimeStampedModel):
    """One version of an area's boundary, valid from one day to another (open end = current)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="boundaries")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # GeoJSON geometry in WGS84 (lon/lat), as RFC 7946 wants; metric work reprojects.
    geometry = models.TextField(_("geometry (GeoJSON)"))
    area_km2 = models.FloatField(_("area in km²"))
    centroid_lon = models.FloatField()
    centroid_lat = models.FloatField()
    source = models.CharField(_("source"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("boundary version")
        verbose_name_plural = _("boundary versions")
        ordering = ["area", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["area", "valid_from"], name="unique_boundary_version")
        ]

    def __str__(self) -> str:
        end = self.valid_to.strftime("%d.%m.%Y") if self.valid_to else "…"
        return f"{self.area}: {self.valid_from:%d.%m.%Y} – {end}"

    def geojson(self) -> dict[str, Any]:
        return dict(json.loads(self.geometry))


class IndicatorQuerySet(VisibleQuerySet):
    pass


class Indicator(TimeStampedModel):
    """What is measured per area and period, e.g. residents, share of foreigners."""

    class Kind(models.TextChoices):
        COUNT = "count", _("count")
        SHARE = "share", _("share")
        RATE = "rate", _("rate")
        MEAN = "mean", _("mean")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="indicators"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, default="", help_text=_("e.g. %, Personen")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNT)
    # A share or rate is numerator / denominator × scale (scale 100 gives per cent, 1000
    # per mille). It is never averaged over areas: higher levels recompute it from the
    # rolled-up numerator and denominator. For a mean, the denominator is the weight.
    numerator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("numerator"),
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominator"),
    )
    scale = models.FloatField(_("scale"), default=1.0)
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=0)
    source = models.CharField(_("source"), max_length=500, blank=True, default="")
    licence = models.CharField(_("licence"), max_length=300, blank=True, default="")
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    domains = models.ManyToManyField(
        PlanningDomain, blank=True, related_name="indicators", verbose_name=_("planning domains")
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_indicator_slug")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def attribution(self) -> str:
        """The text shown wherever values of this indicator are shown."""
        return " – ".join(part for part in (self.source, self.licence) if part)

    @property
    def is_derived(self) -> bool:
        return self.kind in (self.Kind.SHARE, self.Kind.RATE) and bool(
            self.numerator_id and self.denominator_id
        )


class IndicatorValueQuerySet(VisibleQuerySet):
    visibility_field = "indicator__visibility"
    municipality_field = "indicator__municipality"

    def forecasts(self) -> IndicatorValueQuerySet:
        return self.exclude(variant="")


class ObservedValueManager(models.Manager.from_queryset(IndicatorValueQuerySet)):  # type: ignore[misc]
    """Observed values only: forecast values (``variant`` not empty) never reach a reader
    of observed values (newest period, time series, rankings, maps, masks, index) by
    accident. Forecasts are read through ``IndicatorValue.all_variants``."""

    def get_queryset(self) -> IndicatorValueQuerySet:
        return super().get_queryset().filter(variant="")


class IndicatorValue(models.Model):
    """The value of one indicator for one area and period.

    ``period`` is "2023" for a year or "2023-Q1" for a quarter, so that sorting the
    text sorts the time. ``variant`` is empty for an observed value and names the
    forecast variant otherwise ("Bevölkerungsprognose 2025, Hauptvariante"): a forecast
    is a value of a future period beside the observed ones, with its source on the
    indicator (and the import record). ``objects`` reads observed values only.
    """

    class Origin(models.TextChoices):
        IMPORTED = "imported", _("imported")
        ROLLED_UP = "rolled_up", _("summed from sub-areas")
        COMPUTED = "computed", _("computed from numerator and denominator")

    # No index of its own for ``indicator`` or ``period``: every query of values names the
    # indicator, and the unique index below starts with it. An import of 100,000 values
    # writes every index entry of every row (bench/imports.py), and the two indexes of
    # ``period`` (PostgreSQL adds one for ``LIKE``) and the one of ``indicator`` cost
    # about a third of the server's time per new value.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", db_index=False
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("period"), max_length=10)
    value = models.FloatField(_("value"))
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.IMPORTED
    )
    variant = models.CharField(
        _("forecast variant"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Empty for an observed value; the forecast variant's name otherwise."),
    )

    objects = ObservedValueManager()
    all_variants = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "area", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "variant"], name="unique_indicator_value"
            )
        ]

    def __str__(self) -> str:
        variant = f" ({self.variant})" if self.variant else ""
        return f"{self.indicator} {self.area} {self.period}{variant}: {self.value}"

    @property
    def is_forecast(self) -> bool:
        return bool(self.variant)


class MapBaseLayer(TimeStampedModel):
    """A background under the municipality's maps: tiles or a WMS of the surveying office.

    None by default: the maps then show the area polygons on a plain background and work
    without any outside server (the demo, offline installations).
    """

    class Kind(models.TextChoices):
        TILES = "tiles", _("Tile server (XYZ)")
        WMS = "wms", _("Web Map Service (WMS)")

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="map_base_layer",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TILES)
    url = models.URLField(
        _("address"),
        max_length=500,
        help_text=_(
            "Tiles: a template with {z}, {x} and {y}, e.g. "
            "https://tiles.example.org/{z}/{x}/{y}.png; WMS: the service address."
        ),
    )
    wms_layers = models.CharField(
        _("WMS layers"), max_length=200, blank=True, default="", help_text=_("Only for a WMS.")
    )
    attribution = models.CharField(
        _("attribution"), max_length=300, help_text=_("Shown under the map, e.g. © GeoSN.")
    )

    class Meta:
        verbose_name = _("map base layer")
        verbose_name_plural = _("map base layers")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.url}"

    @property
    def origin(self) -> str:
        """Scheme and host of the server, for the page's Content-Security-Policy."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.url.replace("{", "").replace("}", ""))
        return f"{parts.scheme}://{parts.netloc}"
