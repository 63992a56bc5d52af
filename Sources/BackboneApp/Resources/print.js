// The "Print or save as PDF" button: hidden without JavaScript (the browser's own print works),
// shown and wired here.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
