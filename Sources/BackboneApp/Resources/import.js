// Shows how far a CSV import is: first the file's upload, then the server checking each row
// and saving each report. Without this script the form posts normally and the page answers
// when everything is done, so the import works the same either way.
(function () {
  "use strict";

  function token() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.progress !== "import") return;
    if (!window.FormData || !window.DOMParser || !window.fetch || !window.crypto) return;
    event.preventDefault();

    var panel = form.querySelector(".import-progress");
    var bar = panel.querySelector("progress");
    var text = panel.querySelector(".import-progress-text");
    var button = form.querySelector("button[type=submit]");
    var id = token();
    var data = new FormData(form);
    data.set("progressToken", id);
    var polling = null;

    function show(message, value, max) {
      text.textContent = message;
      if (max > 0) { bar.max = max; bar.value = value; } else { bar.removeAttribute("value"); }
    }

    function poll() {
      fetch(form.dataset.progressUrl + id, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state || state.phase === "unknown" || state.total === 0) return;
          var step = {checking: "Checking row ", checkingReports: "Checking report "}[state.phase] || "Saving report ";
          show(step + (state.done + 1).toLocaleString() + " of " + state.total.toLocaleString() + "…", state.done, state.total);
        })
        .catch(function () { /* the next poll or the answer itself will tell */ });
    }

    function fail(message) {
      window.clearInterval(polling);
      show(message, 0, 1);
      button.disabled = false;
    }

    panel.hidden = false;
    button.disabled = true;
    show("Uploading the file…", 0, 0);

    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) show("Uploading the file: " + Math.round(100 * e.loaded / e.total) + "%", e.loaded, e.total);
    });
    request.upload.addEventListener("load", function () {
      show("Checking the file…", 0, 0);
      polling = window.setInterval(poll, 700);
    });
    request.addEventListener("load", function () {
      window.clearInterval(polling);
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var main = page.querySelector("main");
      if (!main) { fail("The server gave an unexpected answer. Reload the page and try again."); return; }
      document.title = page.title;
      document.querySelector("main").replaceWith(main);
      var message = main.querySelector("[role=alert], [role=status]");
      if (message) { message.setAttribute("tabindex", "-1"); message.focus(); }
    });
    request.addEventListener("error", function () {
      fail("The file did not reach the server. Check your connection and try again.");
    });
    request.send(data);
  });
})();
