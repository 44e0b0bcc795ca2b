/* A cash count by note and coin: the total shown as it is typed, and against what the books
   expect where the page says it (data-expected on the block, in satang). The server counts again;
   this is only what the counter sees while counting. */
(function () {
  "use strict";

  function baht(satang) {
    var sign = satang < 0 ? "-" : "";
    var abs = Math.abs(satang);
    var whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + whole + "." + ("0" + (abs % 100)).slice(-2);
  }

  function digits(text) {
    return (text || "").replace(/[\u0E50-\u0E59]/g, function (d) { return String(d.charCodeAt(0) - 0x0E50); })
      .replace(/,/g, "").trim();
  }

  document.querySelectorAll("[data-count]").forEach(function (block) {
    var form = block.closest("form");
    var out = form.querySelector("[data-count-total]");
    var diff = form.querySelector("[data-count-diff]");
    var expected = form.dataset.expected ? parseInt(form.dataset.expected, 10) : null;

    function update() {
      var total = 0, bad = false;
      block.querySelectorAll("input[data-satang]").forEach(function (input) {
        var text = digits(input.value);
        if (text === "") return;
        if (!/^\d+$/.test(text)) { bad = true; return; }
        total += parseInt(input.dataset.satang, 10) * parseInt(text, 10);
      });
      if (out) out.textContent = bad ? "?" : baht(total);
      if (diff && expected !== null) diff.textContent = bad ? "?" : baht(total - expected);
    }

    block.addEventListener("input", update);
    update();
  });
})();
