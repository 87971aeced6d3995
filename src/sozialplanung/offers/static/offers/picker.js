/* Pick an offer's point on a small map. The latitude/longitude inputs work without it. */
(function () {
  "use strict";
  var box = document.getElementById("picker-map");
  if (!box || typeof L === "undefined") { return; }
  var lat = document.querySelector("input[data-role=lat]");
  var lon = document.querySelector("input[data-role=lon]");
  var map = L.map(box, { attributionControl: false });
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    // Where the marker stands, readable without the map object (tests, assistive tools).
    box.setAttribute("data-marker", latlng.lat.toFixed(6) + "," + latlng.lng.toFixed(6));
  }
  var outline = box.getAttribute("data-outline");
  var start = null;
  if (lat.value && lon.value) { start = L.latLng(parseFloat(lat.value), parseFloat(lon.value)); }
  if (outline) {
    fetch(outline).then(function (r) { return r.json(); }).then(function (gj) {
      var layer = L.geoJSON(gj, { style: { color: "#16304f", weight: 1, fillOpacity: 0.04 } }).addTo(map);
      if (!start) { map.fitBounds(layer.getBounds()); }
    }).catch(function () {});
  }
  if (start) { map.setView(start, 15); place(start); } else { map.setView([51.05, 13.74], 11); }
  map.on("click", function (e) {
    lat.value = e.latlng.lat.toFixed(6);
    lon.value = e.latlng.lng.toFixed(6);
    place(e.latlng);
  });
  function fromInputs() {
    var a = parseFloat(lat.value), b = parseFloat(lon.value);
    if (!isNaN(a) && !isNaN(b)) { var p = L.latLng(a, b); place(p); map.panTo(p); }
  }
  lat.addEventListener("change", fromInputs);
  lon.addEventListener("change", fromInputs);

  // A typed address found in the municipality's address list moves the marker there;
  // the point stays editable (click on the map, or the coordinates). Unknown: no change.
  var lookup = box.getAttribute("data-address");
  var street = document.querySelector("input[name=street_address]");
  var postcode = document.querySelector("input[name=postal_code]");
  var asked = null;
  function fromAddress() {
    var typed = street.value.trim();
    if (!lookup || !typed) { return; }
    var query = "?strasse=" + encodeURIComponent(typed) +
      "&plz=" + encodeURIComponent(postcode ? postcode.value.trim() : "");
    if (query === asked) { return; }
    asked = query;
    fetch(lookup + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (found) {
        if (!found || query !== asked) { return; }
        lat.value = found.latitude.toFixed(6);
        lon.value = found.longitude.toFixed(6);
        if (postcode && !postcode.value.trim()) { postcode.value = found.postal_code; }
        var p = L.latLng(found.latitude, found.longitude);
        place(p);
        map.setView(p, 16);
        box.setAttribute("data-address-found", typed);
      }).catch(function () {});
  }
  if (street) { street.addEventListener("change", fromAddress); }
  if (postcode) { postcode.addEventListener("change", fromAddress); }
})();
