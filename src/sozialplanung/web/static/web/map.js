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
    // Leaflet's keyboard panning is off: the choropleth's arrow keys choose areas.
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, preferCanvas: false, keyboard: false });
    el._leafletMap = map;
    return map;
  }

  // A background from the municipality's tile server or WMS, when one is set (none by
  // default: the polygons alone are the map, and it works offline).
  function addBaseLayer(el, map) {
    if (!el.dataset.baseLayer) return;
    var base = readJson(el.dataset.baseLayer);
    var layer = base.kind === "wms"
      ? L.tileLayer.wms(base.url, { layers: base.layers, format: "image/png", transparent: false })
      : L.tileLayer(base.url, { maxZoom: 19 });
    layer.addTo(map);
    var toggle = document.querySelector("[data-base-layer-for='" + el.id + "']");
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) layer.addTo(map); else map.removeLayer(layer);
      });
    }
    // The areas stay readable over the background.
    el.classList.add("with-base-layer");
  }

  // Area names on the map, on request (a check box): permanent labels at each area's centre.
  function labelToggle(el, map, shapes, labels) {
    var toggle = document.querySelector("[data-labels-for='" + el.id + "']");
    if (!toggle) return;
    var group = L.layerGroup();
    shapes.forEach(function (shape) {
      var name = (labels[shape.code] || {}).name || shape.code;
      group.addLayer(L.tooltip({ permanent: true, direction: "center", className: "area-label", interactive: false })
        .setLatLng(shape.layer.getCenter()).setContent(escapeHtml(name)));
    });
    function apply() { if (toggle.checked) group.addTo(map); else map.removeLayer(group); }
    toggle.addEventListener("change", apply);
    apply();
  }

  // Keyboard: the map is one tab stop. Arrow keys move to the nearest area in that
  // direction, letters choose the area whose name starts with them, Enter moves to the
  // area's row in the data table; the status line says which area is chosen.
  function keyboard(el, map, shapes, labels, status) {
    var current = -1;
    var typed = "";
    var typedAt = 0;
    el.setAttribute("tabindex", "0");
    // Leaflet's own controls and shapes are no tab stops of their own.
    Array.prototype.forEach.call(el.querySelectorAll("a, [tabindex]"), function (node) {
      if (node !== el) node.setAttribute("tabindex", "-1");
    });
    function centre(i) { return map.latLngToContainerPoint(shapes[i].layer.getCenter()); }
    function choose(i) {
      if (current >= 0) shapes[current].layer.setStyle({ weight: shapes[current].weight, color: "#3b4350" });
      current = i;
      var shape = shapes[i];
      shape.layer.setStyle({ weight: 4, color: "#b3470e" });
      shape.layer.bringToFront();
      var label = labels[shape.code] || { name: shape.code, value: "" };
      if (status) status.textContent = label.name + ": " + label.value;
      el.setAttribute("aria-activedescendant", shape.id);
      shape.layer.openTooltip(shape.layer.getCenter());
    }
    function nearest(dx, dy) {
      if (current < 0) return 0;
      var from = centre(current);
      var best = -1;
      var bestCost = Infinity;
      shapes.forEach(function (s, i) {
        if (i === current) return;
        var to = centre(i);
        var along = (to.x - from.x) * dx + (to.y - from.y) * dy;
        if (along <= 0) return;
        var across = Math.abs((to.x - from.x) * dy - (to.y - from.y) * dx);
        var cost = along + 2 * across;
        if (cost < bestCost) { bestCost = cost; best = i; }
      });
      return best < 0 ? current : best;
    }
    var steps = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    el.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var step = steps[event.key];
      if (step) {
        choose(nearest(step[0], step[1]));
      } else if (event.key === "Enter" && current >= 0) {
        var row = document.querySelector("#" + el.dataset.table + " tr[data-code='" + shapes[current].code + "'] a");
        if (row) row.focus();
      } else if (event.key === "+" || event.key === "-") {
        if (event.key === "+") map.zoomIn(); else map.zoomOut();
      } else if (event.key.length === 1 && /\S/.test(event.key)) {
        var now = Date.now();
        typed = (now - typedAt > 1000 ? "" : typed) + event.key.toLowerCase();
        typedAt = now;
        // Of the names that start so, the first in alphabetical order, as in a list box.
        var found = -1;
        shapes.forEach(function (s, i) {
          if (s.name.indexOf(typed) === 0 && (found < 0 || s.name < shapes[found].name)) found = i;
        });
        if (found >= 0) choose(found);
      } else {
        return;
      }
      event.preventDefault();
    });
    el.addEventListener("focus", function () { if (current < 0 && shapes.length) choose(0); });
  }

  // A name without the leading area code ("61 Leuben" → "leuben"), for typing.
  function typingName(name) {
    return String(name || "").replace(/^[\d.\s]+/, "").toLowerCase();
  }

  function initChoropleth(el) {
    var colours = readJson(el.dataset.colours);
    var labels = readJson(el.dataset.labels);
    var status = document.getElementById(el.id + "-status");
    var map = newMap(el);
    addBaseLayer(el, map);
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
            // The popup says what the tooltip says: never both over each other.
            shape.on("popupopen", function () { shape.closeTooltip(); });
            shape.on("tooltipopen", function () { if (shape.isPopupOpen()) shape.closeTooltip(); });
          }
        }).addTo(map);
        if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        // Shapes get their SVG paths once the map has a view, i.e. after fitBounds.
        // Tests and assistive tooling find a shape by its area code; each has a name.
        var shapes = [];
        layer.eachLayer(function (shape) {
          var path = shape.getElement && shape.getElement();
          var f = shape.feature;
          if (!path || !f) return;
          var code = String(f.id != null ? f.id : f.properties.code);
          var label = labels[code] || { name: f.properties.name, value: "" };
          path.setAttribute("data-code", code);
          path.setAttribute("id", el.id + "-gebiet-" + shapes.length);
          path.setAttribute("role", "img");
          path.setAttribute("aria-label", label.name + ": " + label.value);
          shapes.push({
            layer: shape, code: code, id: path.id, name: typingName(label.name),
            weight: shape.options.weight
          });
        });
        labelToggle(el, map, shapes, labels);
        keyboard(el, map, shapes, labels, status);
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
    // The area's offers (listed beside the map), as points linking to the finder's page.
    var points = el.dataset.points ? readJson(el.dataset.points) : [];
    (Array.isArray(points) ? points : []).forEach(function (p) {
      L.circleMarker([p.lat, p.lon], {
        radius: 6, color: "#08306b", weight: 1.5, fillColor: "#2171b5", fillOpacity: 1,
        className: "offer-marker"
      }).bindTooltip(escapeHtml(p.name)).on("click", function () { window.location.href = p.url; })
        .addTo(map);
    });
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
