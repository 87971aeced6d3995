/* Offer finder: markers of the listed offers on a Leaflet map, "offers near me".
 * The list is the text alternative of the map and works without this script.
 * No tile server: the municipality's area boundaries (from the API) are the background. */
(function () {
  "use strict";

  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : { type: "FeatureCollection", features: [] };
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function initMap(el) {
    var map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
    el._leafletMap = map;
    // The finder's points come from the API, for the page of the list it shows; the
    // detail page carries its one point in the page.
    if (el.dataset.pointsUrl) {
      fetch(el.dataset.pointsUrl, { headers: { Accept: "application/geo+json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .catch(function () { return { type: "FeatureCollection", features: [] }; })
        .then(function (data) { showPoints(el, map, data); });
    } else {
      showPoints(el, map, readJson(el.dataset.points));
    }
  }

  function showPoints(el, map, data) {
    var markers = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 8, color: "#ffffff", weight: 2, fillColor: "#b3470e", fillOpacity: 1,
          className: "offer-marker"
        });
      },
      onEachFeature: function (feature, marker) {
        var p = feature.properties || {};
        marker.bindTooltip(escapeHtml(p.name), { direction: "top" });
        if (p.url) {
          marker.bindPopup(
            "<strong>" + escapeHtml(p.name) + "</strong><br>" + escapeHtml(p.category) +
            '<br><a href="' + escapeHtml(p.url) + '">' + escapeHtml(el.dataset.linkText || "") + "</a>"
          );
        }
      }
    }).addTo(map);
    var bounds = markers.getLayers().length ? markers.getBounds() : null;
    if (bounds && markers.getLayers().length === 1) {
      map.setView(bounds.getCenter(), 14);
    } else if (bounds) {
      map.fitBounds(bounds.pad(0.15), { maxZoom: 15 });
    } else {
      map.setView([51.16, 10.45], 6);
    }
    markers.eachLayer(function (marker) {
      var path = marker.getElement && marker.getElement();
      if (path) {
        path.setAttribute("data-offer-id", String(marker.feature.id));
        // The list carries the same offers; markers are not separate tab stops.
        path.setAttribute("aria-hidden", "true");
      }
    });
    el.setAttribute("data-markers", String(markers.getLayers().length));
    el.setAttribute("data-loaded", "true");
    if (el.dataset.areasUrl) {
      fetch(el.dataset.areasUrl, { headers: { Accept: "application/geo+json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (areas) {
          var layer = L.geoJSON(areas, {
            interactive: false,
            style: { color: "#8a96a3", weight: 1, fillColor: "#f7f8fa", fillOpacity: 1 }
          }).addTo(map);
          layer.bringToBack();
          if (!bounds && layer.getLayers().length) map.fitBounds(layer.getBounds());
          el.setAttribute("data-areas-loaded", "true");
        })
        .catch(function () {
          // The points alone are still a map.
          el.setAttribute("data-areas-loaded", "error");
        });
    }
  }

  function initNearMe(root) {
    var button = root.querySelector("#f-standort");
    if (!button || button._ready || !("geolocation" in navigator)) return;
    button._ready = true;
    button.hidden = false;
    var form = button.closest("form");
    var status = root.querySelector(".near-status");
    button.addEventListener("click", function () {
      if (status) status.textContent = button.dataset.busyText;
      navigator.geolocation.getCurrentPosition(function (pos) {
        ["lat", "lon"].forEach(function (name) {
          var input = form.querySelector("input[name=" + name + "]");
          if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = name;
            form.appendChild(input);
          }
          input.value = (name === "lat" ? pos.coords.latitude : pos.coords.longitude).toFixed(5);
        });
        if (status) status.textContent = form.querySelector(".near").dataset.nearText;
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }, function () {
        if (status) status.textContent = button.dataset.errorText;
      }, { timeout: 10000, maximumAge: 60000 });
    });
  }

  // The results region is replaced on each filter change; a live region outside it
  // tells screen-reader users the new count.
  function announce() {
    var count = document.querySelector("#finder-results [data-testid=count]");
    var live = document.getElementById("finder-announce");
    if (count && live) live.textContent = count.textContent.replace(/\s+/g, " ").trim();
  }

  function initAll() {
    var maps = document.querySelectorAll("[data-finder-map]");
    Array.prototype.forEach.call(maps, function (el) { if (!el._leafletMap) initMap(el); });
    initNearMe(document);
  }

  document.addEventListener("DOMContentLoaded", initAll);
  document.addEventListener("htmx:afterSettle", function () { initAll(); announce(); });
})();
