// Keeps the report form's running sums ("These add up to 40 of 100") and ratio values ("That is
// 45.5%") current while a person types. The server writes the same texts when the page loads, so
// without this script they are only as fresh as the last save.
(function () {
  "use strict";
  var form = document.querySelector("form[data-report]");
  if (!form) return;
  var format = new Intl.NumberFormat(document.documentElement.lang || "en", { maximumFractionDigits: 2 });

  // The figure in a field, when it reads as a number (as the server reads it: no thousands separators).
  function figure(id) {
    var field = document.getElementById(id);
    if (!field) return null;
    var text = field.value.trim();
    if (text === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
    var number = Number(text);
    return isFinite(number) ? number : null;
  }

  function fill(output, values) {
    output.textContent = output.dataset.template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function update() {
    form.querySelectorAll("output[data-sum-of]").forEach(function (output) {
      var sum = 0;
      output.dataset.sumOf.split(" ").forEach(function (id) { sum += figure(id) || 0; });
      var total = figure(output.dataset.total);
      fill(output, { sum: format.format(sum), total: total === null ? "—" : format.format(total) });
    });
    form.querySelectorAll("output[data-ratio-of]").forEach(function (output) {
      var ids = output.dataset.ratioOf.split(" ");
      var numerator = figure(ids[0]), denominator = figure(ids[1]);
      output.hidden = numerator === null || denominator === null || denominator <= 0;
      if (!output.hidden) fill(output, { value: format.format(numerator / denominator * Number(output.dataset.scale)) + output.dataset.suffix });
    });
  }

  form.addEventListener("input", update);
})();
