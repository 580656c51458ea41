// Window console: one key per action (Q-1, Q-2, Q-4, AB-1) and a waiting
// list refreshed from the API. Keys act only outside text fields; a key
// bound to a field (F outcome, T target, P reason) moves the focus there,
// and Enter in a select sends its form.
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) { return; }

  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || el.isContentEditable;
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.altKey || e.metaKey) { return; }
    var t = e.target;
    if (e.key === "Enter" && t && t.tagName === "SELECT" && t.form && t.value !== "") {
      e.preventDefault();
      t.form.requestSubmit();
      return;
    }
    if (e.key === "Escape" && typing(t)) { t.blur(); return; }
    if (typing(t) || !e.key || e.key.length !== 1) { return; }
    var el = root.querySelector('[data-key="' + e.key.toLowerCase() + '"]');
    if (!el) { return; }
    e.preventDefault();
    if (el.tagName === "BUTTON") {
      el.form.requestSubmit(el);
    } else {
      el.focus();
    }
  });

  var table = document.getElementById("waiting");
  var body = document.getElementById("waiting-body");
  var total = document.getElementById("waiting-total");
  if (!table || !body) { return; }
  var windowID = table.dataset.window;
  var stamp = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function row(t) {
    var tr = document.createElement("tr");
    tr.dataset.code = t.code;
    cell(tr, t.code).className = "code";
    var kind = table.dataset["kind" + t.kind.charAt(0).toUpperCase() + t.kind.slice(1)] || t.kind;
    cell(tr, t.target_window_id ? kind + " · " + table.dataset.labelTransferred : kind);
    cell(tr, t.item_name || "");
    cell(tr, stamp.format(new Date(t.issued_at)));
    var td = cell(tr, "");
    var f = document.createElement("form");
    f.method = "post";
    f.action = "/console/" + windowID + "/call";
    f.className = "inline-call";
    var id = document.createElement("input");
    id.type = "hidden"; id.name = "ticket_id"; id.value = String(t.id);
    var reason = document.createElement("input");
    reason.name = "reason"; reason.maxLength = 200; reason.required = true;
    reason.placeholder = table.dataset.labelReason;
    reason.setAttribute("aria-label", table.dataset.labelReason + " " + t.code);
    var b = document.createElement("button");
    b.type = "submit"; b.textContent = table.dataset.labelCall;
    f.appendChild(id); f.appendChild(reason); f.appendChild(b);
    td.appendChild(f);
    return tr;
  }

  function render(v) {
    var rows = [];
    (v.waiting || []).forEach(function (t) { rows.push(row(t)); });
    if (rows.length === 0) {
      var tr = document.createElement("tr");
      cell(tr, table.dataset.labelNone).colSpan = 5;
      rows.push(tr);
    }
    body.replaceChildren.apply(body, rows);
    if (total) { total.textContent = table.dataset.totalFormat.replace("%d", String(v.waiting_total || 0)); }
  }

  function refresh() {
    // Never pull the list from under someone typing a reason into it.
    if (table.contains(document.activeElement)) { return; }
    fetch("/api/v1/windows/" + windowID + "/console", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) { if (v) { render(v); } })
      .catch(function () {});
  }
  setInterval(refresh, 5000);
})();
