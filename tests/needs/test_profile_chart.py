"""The profile's time series: forecasts continue the observed line, drawn apart."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from sozialplanung.needs.profile_chart import FORECAST_COLOUR, OBSERVED_COLOUR, Series, series_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_forecast_is_dashed_and_starts_at_the_last_observed_value() -> None:
    series = Series(
        observed=[("2022", 10.0), ("2023", 20.0)],
        forecasts={"Hauptvariante": [("2030", 40.0)]},
    )
    svg = ElementTree.fromstring(series_svg(series, "Kinder <6", 0))
    assert svg.find(f"{SVG}title").text == "Kinder <6"
    paths = {p.get("stroke"): p for p in svg.iter(f"{SVG}path")}
    assert "stroke-dasharray" not in paths[OBSERVED_COLOUR].attrib
    assert paths[FORECAST_COLOUR].get("stroke-dasharray")
    observed_points = re.findall(r"[ML]([\d.]+),([\d.]+)", paths[OBSERVED_COLOUR].get("d"))
    forecast_points = re.findall(r"[ML]([\d.]+),([\d.]+)", paths[FORECAST_COLOUR].get("d"))
    assert forecast_points[0] == observed_points[-1]
    # The axis reaches the forecast's 40: its point lies at the top tick, above the others.
    assert float(forecast_points[-1][1]) < min(float(y) for _x, y in observed_points)
    open_points = [c for c in svg.iter(f"{SVG}circle") if c.get("fill") == "white"]
    assert len(open_points) == 1
    # The description names the variant and its values (German or English interface).
    assert "Hauptvariante: 2030: 40" in svg.find(f"{SVG}desc").text
