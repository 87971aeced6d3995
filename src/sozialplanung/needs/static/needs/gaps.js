/* Gap map: areas coloured by gap score, the category's offers as points, optional
 * catchment rings (Leaflet circles of the catchment radius) toggled by a checkbox. */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : {};
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function init(el) {
    var colours = readJson(el.dataset.colours);
    var labels = readJson(el.dataset.labels);
    var points = readJson(el.dataset.points) || [];
    var radius = Number(el.dataset.catchment) || 800;
    var status = document.getElementById(el.id + "-status");
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    var rings = L.layerGroup();
    var dots = L.layerGroup();
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], {
        radius: 5, color: "#08306b", weight: 1.5, fillColor: "#2171b5", fillOpacity: 1,
        className: "offer-point"
      }).bindTooltip(escapeHtml(p.name)).addTo(dots);
      L.circle([p.lat, p.lon], {
        radius: radius, color: "#08519c", weight: 1, fill: false, dashArray: "4 3",
        className: "catchment-ring", interactive: false
      }).addTo(rings);
    });
    var box = document.querySelector('[data-rings-for="' + el.id + '"]');
    if (box) {
      box.addEventListener("change", function () {
        if (box.checked) rings.addTo(map); else map.removeLayer(rings);
      });
    }
    fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json, application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (f) {
            var code = String(f.id != null ? f.id : f.properties.code);
            return { fillColor: colours[code] || "#bdbdbd", fillOpacity: 1, color: "#3b4350", weight: 1 };
          },
          onEachFeature: function (f, shape) {
            var code = String(f.id != null ? f.id : f.properties.code);
            var label = labels[code] || { name: f.properties.name, value: "" };
            var text = "<strong>" + escapeHtml(label.name) + "</strong><br>" + escapeHtml(label.value);
            shape.bindTooltip(text, { sticky: true });
            shape.bindPopup(text + (label.url ? '<br><a href="' + escapeHtml(label.url) + '">' +
              escapeHtml(el.dataset.linkText) + "</a>" : ""));
          }
        }).addTo(map);
        if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        layer.eachLayer(function (shape) {
          var path = shape.getElement && shape.getElement();
          var f = shape.feature;
          if (path && f) path.setAttribute("data-code", String(f.id != null ? f.id : f.properties.code));
        });
        dots.addTo(map);
        if (box && box.checked) rings.addTo(map);
        el.setAttribute("data-loaded", "true");
      })
      .catch(function () {
        if (status) status.textContent = el.dataset.errorText;
        el.setAttribute("data-loaded", "error");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll('[data-map="gaps"]'), init);
  });
})();
