/* The household book on a phone: a spending in three taps (a category tile, the amount on the
   keypad, Save). Without this script the same form still works: every tile and field is shown and
   the amount is typed on the phone's keyboard. Plain JS, no build step. */
(function () {
  "use strict";

  var MAX_DIGITS = 9;

  function digitsOnly(text) {
    return (text || "").replace(/,/g, "").replace(/\s/g, "");
  }

  function grouped(raw) {
    // "1500" -> "1,500"; a part after a point stays as typed
    var parts = raw.split(".");
    var whole = parts[0].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.length > 1 ? whole + "." + parts.slice(1).join("") : whole;
  }

  function once(form) {
    // A double tap sends the form once (the server guards by the form's key as well).
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  }

  function confirming(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  function quickEntry(form) {
    var root = document.getElementById("hh-book");
    var amount = form.querySelector("#hh-amount");
    var keypad = form.querySelector(".hh-keypad");
    var tilesStep = form.querySelector(".hh-step-category");
    var amountStep = form.querySelector(".hh-step-amount");
    var chip = form.querySelector(".hh-chosen");
    var change = form.querySelector(".hh-change");
    var inKind = form.querySelector("#hh-in-kind");
    var switcher = form.querySelector(".hh-switch");

    keypad.hidden = false;
    switcher.hidden = false;
    change.hidden = false;
    amount.setAttribute("inputmode", "none"); // the keypad on the screen stands in for the phone's keyboard
    form.querySelectorAll(".hh-kind-title").forEach(function (t) { t.hidden = true; });

    function showKind(kind) {
      form.querySelectorAll("fieldset[data-kind]").forEach(function (set) {
        set.hidden = set.dataset.kind !== kind;
      });
      var radio = form.querySelector("#hh-kind-" + kind);
      if (radio) radio.checked = true;
      form.querySelectorAll(".hh-only-expense").forEach(function (el) { el.hidden = kind !== "expense"; });
      form.querySelectorAll(".hh-only-income").forEach(function (el) { el.hidden = kind !== "income"; });
      if (kind !== "income" && inKind) inKind.checked = false;
    }

    function step(which) {
      tilesStep.hidden = which !== "category";
      amountStep.hidden = which !== "amount";
      root.querySelectorAll(".hh-hide-in-amount").forEach(function (el) { el.hidden = which === "amount"; });
      if (which === "amount") {
        window.scrollTo(0, Math.max(0, form.getBoundingClientRect().top + window.scrollY - 8));
      }
    }

    function pick(input, byTap) {
      var label = form.querySelector("label[for='" + input.id + "']");
      chip.innerHTML = "";
      if (label) {
        label.querySelectorAll(".hh-icon, .hh-name").forEach(function (part) {
          chip.appendChild(part.cloneNode(true));
        });
      }
      showKind(input.dataset.kind);
      if (byTap) {
        var usual = form.querySelector(input.dataset.occupation === "1" ? "#hh-for-work" : "#hh-for-home");
        if (usual && input.dataset.kind === "expense") usual.checked = true;
        if (inKind) inKind.checked = input.dataset.inKind === "1";
      }
      step("amount");
    }

    function type(key) {
      var raw = digitsOnly(amount.value);
      if (key === "back") {
        raw = raw.slice(0, -1);
      } else if (raw.replace(".", "").length + key.length <= MAX_DIGITS) {
        if (!(raw === "" || raw === "0") || key !== "00") raw = raw === "0" ? key : raw + key;
      }
      amount.value = raw ? grouped(raw) : "";
    }

    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.name === "category") pick(target, true);
      if (target.name === "view_kind") showKind(target.value);
    });
    keypad.addEventListener("click", function (event) {
      var key = event.target.closest("[data-key]");
      if (key) type(key.dataset.key);
    });
    change.addEventListener("click", function () {
      step("category");
    });

    var chosen = form.querySelector("input[name=category]:checked");
    if (chosen) {
      pick(chosen, false);
    } else {
      var view = form.querySelector("input[name=view_kind]:checked");
      showKind(view ? view.value : "expense");
      step("category");
    }
  }

  function init() {
    document.querySelectorAll("form[data-once]").forEach(once);
    document.querySelectorAll("form[data-confirm]").forEach(confirming);
    var form = document.getElementById("hh-quick");
    if (form) quickEntry(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
