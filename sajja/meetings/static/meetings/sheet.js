/* The collection sheet, keyboard first. Plain JS, no build step.

   - On load the focus is on the first amount field of the first row not yet posted, its text
     selected. A member who pays what is expected costs ONE keystroke: Enter posts the row (the
     form's own implicit submission) and the focus moves to the next row not yet posted.
   - Another amount: type over the selected figure (Tab to the row's next field), then Enter.
   - "/" focuses the search box; typing a member number or a name marks the rows that match;
     Enter jumps to the first match (one not yet posted first), Escape goes back to the sheet.
   - Each row is posted with an idempotency key made here, "meeting-<id>-member-<id>-<random>",
     kept until the server says the row is posted: a double press, a resend after a dropped
     connection or a second tab never posts twice (the ledger refuses a reused key).
   - A refusal is shown in the row; what was typed stays where it was.
   Without this script every row is a plain form: Enter or the button posts it and the page comes
   back with the row posted or with the server's message in the row. */
(function () {
  "use strict";

  var sheet = document.getElementById("sheet");
  if (!sheet) return;
  var search = document.getElementById("sheet-search");
  var totals = document.getElementById("sheet-totals");
  var status = document.getElementById("sheet-status");
  var meetingId = sheet.dataset.meeting;

  function rows() {
    return Array.prototype.slice.call(sheet.querySelectorAll(".sheet-row"));
  }

  function isOpen(row) {
    // A row still to post: a form (a posted row is a plain block) with something due today.
    return row.tagName === "FORM" && row.dataset.due !== "0";
  }

  function firstField(row) {
    return row.querySelector("input.sheet-amount");
  }

  function focusRow(row) {
    var field = row && firstField(row);
    if (!field) {
      if (status) status.textContent = sheet.dataset.doneText || "";
      return false;
    }
    rows().forEach(function (r) { r.classList.remove("is-current"); });
    row.classList.add("is-current");
    field.focus({ preventScroll: true });
    field.select();
    row.scrollIntoView({ block: "nearest" });
    return true;
  }

  function nextOpen(after) {
    // The next row not yet posted below ``after`` (from the top when none is left below).
    var all = rows();
    var at = after ? all.indexOf(after) : -1;
    for (var i = at + 1; i < all.length; i++) if (isOpen(all[i])) return all[i];
    for (var j = 0; j < at; j++) if (isOpen(all[j])) return all[j];
    return null;
  }

  function randomPart() {
    var bytes = new Uint8Array(8);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function keyOf(row) {
    // One key per row until the server has the row: a resend reuses it, so it posts once.
    var input = row.querySelector("input[name=key]");
    if (!row.dataset.clientKey) {
      row.dataset.clientKey = "meeting-" + meetingId + "-member-" + row.dataset.member + "-" + randomPart();
    }
    input.value = row.dataset.clientKey;
    return input.value;
  }

  function showError(row, error) {
    var box = row.querySelector(".sheet-error");
    row.querySelectorAll(".is-invalid").forEach(function (f) { f.classList.remove("is-invalid"); });
    box.textContent = error ? error.message : "";
    box.hidden = !error;
    row.classList.toggle("has-error", !!error);
    if (error && error.field) {
      var field = row.querySelector("[name='" + error.field + "']");
      if (field) {
        field.classList.add("is-invalid");
        field.focus();
        field.select();
        return;
      }
    }
    if (error) {
      var first = firstField(row);
      if (first) { first.focus(); first.select(); }
    }
  }

  function replaceRow(row, html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    row.replaceWith(fresh);
    return fresh;
  }

  function post(row) {
    if (row.dataset.busy) return; // a second Enter while the first is on its way: nothing
    row.dataset.busy = "1";
    row.classList.add("is-busy");
    keyOf(row);
    var body = new FormData(row);
    fetch(row.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        // An answer that is not the sheet's JSON (a server error page): the row was not posted.
        return response.json().then(
          function (data) { return { ok: response.ok, data: data }; },
          function () { return { ok: false, data: { error: { message: sheet.dataset.failText } } }; }
        );
      })
      .then(function (result) {
        delete row.dataset.busy;
        row.classList.remove("is-busy");
        var data = result.data || {};
        if (data.totals_html && totals) totals.innerHTML = data.totals_html;
        if (result.ok && data.row_html) {
          var fresh = replaceRow(row, data.row_html); // the key is spent: the row is posted
          if (status) status.textContent = data.message || "";
          focusRow(nextOpen(fresh));
          return;
        }
        showError(row, data.error || { message: sheet.dataset.failText });
      })
      .catch(function () {
        // Nothing is known of the post: keep the key, so pressing Enter again cannot post twice.
        delete row.dataset.busy;
        row.classList.remove("is-busy");
        showError(row, { message: sheet.dataset.offlineText });
      });
  }

  sheet.addEventListener("submit", function (event) {
    var row = event.target.closest(".sheet-row");
    if (!row) return;
    event.preventDefault();
    post(row);
  });

  sheet.addEventListener("focusin", function (event) {
    var row = event.target.closest(".sheet-row");
    if (!row) return;
    rows().forEach(function (r) { if (r !== row) r.classList.remove("is-current"); });
    row.classList.add("is-current");
  });

  // --- the search box --------------------------------------------------------------------------

  function normal(text) {
    // Thai digits as Arabic ones, so "๑๕" finds member 15.
    return (text || "").replace(/[\u0E50-\u0E59]/g, function (d) { return String(d.charCodeAt(0) - 0x0E50); })
      .toLowerCase().trim();
  }

  function matches(query) {
    var q = normal(query);
    if (!q) return [];
    var exact = [], partial = [];
    rows().forEach(function (row) {
      var number = row.dataset.number, name = normal(row.dataset.name);
      if (number === q) exact.push(row);
      else if ((/^\d+$/.test(q) && number.indexOf(q) === 0) || name.indexOf(q) !== -1) partial.push(row);
    });
    return exact.concat(partial);
  }

  function mark(found) {
    rows().forEach(function (row) { row.classList.toggle("is-match", found.indexOf(row) !== -1); });
  }

  if (search) {
    search.addEventListener("input", function () {
      var found = matches(search.value);
      mark(found);
      if (found.length) found[0].scrollIntoView({ block: "nearest" });
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var found = matches(search.value);
        var open = found.filter(isOpen);
        var target = open[0] || found[0];
        if (!target) return;
        mark([]);
        search.value = "";
        if (!focusRow(target)) {
          target.scrollIntoView({ block: "center" });
          target.classList.add("is-match");
        }
      } else if (event.key === "Escape") {
        search.value = "";
        mark([]);
        focusRow(nextOpen(null));
      }
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target === search) return;
    var tag = event.target.tagName;
    if ((tag === "TEXTAREA" || tag === "SELECT") || (tag === "INPUT" && !event.target.classList.contains("sheet-amount"))) return;
    if (!search) return;
    event.preventDefault(); // amounts never hold a "/": it is the key to the search box
    search.focus();
    search.select();
  });

  // --- start: the first row not yet posted, ready for Enter -------------------------------------
  var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  var errored = sheet.querySelector(".sheet-row.has-error");
  if (errored) showError(errored, { message: errored.querySelector(".sheet-error").textContent,
                                    field: errored.dataset.errorField });
  else if (target && target.classList.contains("sheet-row") && isOpen(target)) focusRow(target);
  else focusRow(nextOpen(target && target.classList.contains("sheet-row") ? target : null));
})();
