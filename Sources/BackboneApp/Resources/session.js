// Warns a person filling in a form before their session runs out (it ends after a while with
// nothing sent), and lets them stay signed in with one button. If it runs out all the same, the
// server keeps what the form sends and gives it back after sign-in; this only spares the detour.
(function () {
  "use strict";
  var idle = parseInt(document.body.dataset.sessionIdle || "0", 10);
  if (!idle || !window.fetch || !document.querySelector("main form[method=post]")) return;
  var warnBefore = Math.min(300, idle / 4);
  var timer = null, banner = null;

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(warn, (idle - warnBefore) * 1000);
  }

  function stay() {
    fetch(document.body.dataset.sessionUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (response.ok && !response.redirected) { banner.hidden = true; schedule(); }
      })
      .catch(function () { /* the held-form path still keeps what is typed */ });
  }

  function warn() {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "alert alert-info session-warning";
      banner.setAttribute("role", "alert");
      var text = document.createElement("p");
      var minutes = Math.max(1, Math.round(warnBefore / 60));
      text.textContent = "You will be signed out in " + (minutes === 1 ? "about a minute" : minutes + " minutes") +
        " because nothing was saved for a while. Save your work, or stay signed in.";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button primary";
      button.textContent = "Stay signed in";
      button.addEventListener("click", stay);
      banner.appendChild(text);
      banner.appendChild(button);
      document.body.appendChild(banner);
    }
    banner.hidden = false;
  }

  schedule();
})();
