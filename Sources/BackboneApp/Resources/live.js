// Keeps an open results page current: when the server says figures changed, the page fetches
// itself again and swaps in the fresh parts marked data-live-region. Forms are outside those
// parts, so nothing typed is lost. Without this script the page shows the figures as loaded.
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");
  if (!root || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var watched = root.dataset.liveIndicator;
  var status = document.getElementById("live-status");
  var busy = false, again = false;

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) { source.close(); return null; }
        return response.text();
      })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live-region]").forEach(function (region) {
          var replacement = fresh.querySelector('[data-live-region="' + region.dataset.liveRegion + '"]');
          if (replacement) region.replaceWith(replacement);
        });
        if (status) status.textContent = "Figures updated at " + new Date().toLocaleTimeString() + ".";
      })
      .catch(function () { /* the next change will try again */ })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var source = new EventSource(root.dataset.liveUrl);
  source.addEventListener("change", function (event) {
    var ids = [];
    try { ids = JSON.parse(event.data).indicators || []; } catch (e) { /* refresh anyway */ }
    if (watched && ids.length > 0 && ids.indexOf(watched) < 0) return;
    refresh();
  });
})();
