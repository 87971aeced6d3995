/* Choropleth and area maps. The page says how to colour (json_script); the API gives shapes.
 * No tile server: a plain background, the area polygons are the map. */
(function () {
  "use strict";

  var REPORTED_WITH_DASH = "5 4";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : {};
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function newMap(el) {
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, preferCanvas: false });
    el._leafletMap = map;
    return map;
  }

  function initChoropleth(el) {
    var colours = readJson(el.dataset.colours);
    var labels = readJson(el.dataset.labels);
    var status = document.getElementById(el.id + "-status");
    var map = newMap(el);
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var code = String(feature.id != null ? feature.id : feature.properties.code);
            var dashed = feature.properties && feature.properties.reported_with;
            return {
              fillColor: colours[code] || "#bdbdbd",
              fillOpacity: 1,
              color: "#3b4350",
              weight: dashed ? 1.5 : 1,
              dashArray: dashed ? REPORTED_WITH_DASH : null,
              className: "area-" + code
            };
          },
          onEachFeature: function (feature, shape) {
            var code = String(feature.id != null ? feature.id : feature.properties.code);
            var label = labels[code] || { name: feature.properties.name, value: "" };
            shape.bindTooltip(
              "<strong>" + escapeHtml(label.name) + "</strong><br>" + escapeHtml(label.value),
              { sticky: true }
            );
            shape.bindPopup(
              "<strong>" + escapeHtml(label.name) + "</strong><br>" + escapeHtml(label.value) +
              (label.url ? '<br><a href="' + escapeHtml(label.url) + '">' + escapeHtml(el.dataset.linkText) + "</a>" : "")
            );
          }
        }).addTo(map);
        if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        // Shapes get their SVG paths once the map has a view, i.e. after fitBounds.
        // Tests and assistive tooling find a shape by its area code.
        layer.eachLayer(function (shape) {
          var path = shape.getElement && shape.getElement();
          var f = shape.feature;
          if (path && f) path.setAttribute("data-code", String(f.id != null ? f.id : f.properties.code));
        });
        el.setAttribute("data-loaded", "true");
      })
      .catch(function () {
        if (status) status.textContent = el.dataset.errorText;
        el.setAttribute("data-loaded", "error");
      });
  }

  function initAreaMap(el) {
    var data = readJson(el.dataset.features);
    var map = newMap(el);
    var layer = L.geoJSON(data, {
      style: function (feature) {
        var self = feature.properties.role === "self";
        return {
          fillColor: self ? "#fd8d3c" : "#dfe6ee",
          fillOpacity: self ? 0.85 : 1,
          color: self ? "#7a2e0b" : "#56606c",
          weight: self ? 2.5 : 1
        };
      },
      onEachFeature: function (feature, shape) {
        shape.bindTooltip(escapeHtml(feature.properties.name), { sticky: true });
        if (feature.properties.role !== "self") {
          shape.on("click", function () { window.location.href = feature.properties.url; });
        }
      }
    }).addTo(map);
    if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    el.setAttribute("data-loaded", "true");
  }

  function initAll(root) {
    var maps = (root || document).querySelectorAll("[data-map]");
    Array.prototype.forEach.call(maps, function (el) {
      if (el._leafletMap) return;
      if (el.dataset.map === "choropleth") initChoropleth(el);
      else if (el.dataset.map === "area") initAreaMap(el);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  // htmx swaps the map page in place (form submit): set up the new map.
  document.addEventListener("htmx:afterSettle", function () { initAll(document); });
})();
