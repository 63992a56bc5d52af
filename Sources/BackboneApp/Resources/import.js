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

    // The page gives each message in its language, with {placeholders}.
    function say(key, values) {
      var message = form.getAttribute("data-text-" + key.toLowerCase()) || key;
      Object.keys(values || {}).forEach(function (name) { message = message.replace("{" + name + "}", values[name]); });
      return message;
    }

    function show(message, value, max) {
      text.textContent = message;
      if (max > 0) { bar.max = max; bar.value = value; } else { bar.removeAttribute("value"); }
    }

    function poll() {
      fetch(form.dataset.progressUrl + id, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state || state.phase === "unknown" || state.total === 0) return;
          var step = {checking: "checkingRow", checkingReports: "checkingReport"}[state.phase] || "savingReport";
          var lang = document.documentElement.lang;
          show(say(step, {done: (state.done + 1).toLocaleString(lang), total: state.total.toLocaleString(lang)}), state.done, state.total);
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
    show(say("uploading"), 0, 0);

    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) show(say("uploadingPercent", {percent: Math.round(100 * e.loaded / e.total)}), e.loaded, e.total);
    });
    request.upload.addEventListener("load", function () {
      show(say("checking"), 0, 0);
      polling = window.setInterval(poll, 700);
    });
    request.addEventListener("load", function () {
      window.clearInterval(polling);
      var page = new DOMParser().parseFromString(request.responseText, "text/html");
      var main = page.querySelector("main");
      if (!main) { fail(say("unexpected")); return; }
      document.title = page.title;
      document.querySelector("main").replaceWith(main);
      var message = main.querySelector("[role=alert], [role=status]");
      if (message) { message.setAttribute("tabindex", "-1"); message.focus(); }
    });
    request.addEventListener("error", function () {
      fail(say("notSent"));
    });
    request.send(data);
  });
})();
