// The citizen's status page: refresh from the public API every 10 seconds,
// wait longer when the server asks (429 Retry-After, SECURITY.md item 33),
// and say so when the network is down.
(function () {
  "use strict";
  var box = document.getElementById("ts");
  if (!box) { return; }
  var every = 10000;
  var final = { done: true, cancelled: true };

  function show(id, on) { var el = document.getElementById(id); if (el) { el.hidden = !on; } }

  function apply(v) {
    var t = v.ticket, st = t.status;
    box.dataset.status = st;
    Array.prototype.forEach.call(document.querySelectorAll("#ts-status [data-status]"), function (s) {
      s.hidden = s.dataset.status !== st;
    });
    document.getElementById("ts-ahead").textContent = String(v.ahead);
    document.getElementById("ts-wait-row").textContent = v.wait_minutes > 0 ? box.dataset.wait.replace("{n}", String(v.wait_minutes)) : box.dataset.waitNone;
    var win = document.getElementById("ts-window");
    var called = (st === "called" || st === "serving") && v.window_number;
    if (called) { win.textContent = box.dataset.goWindow.replace("{n}", v.window_number); }
    win.hidden = !called;
    show("ts-near", st === "waiting" && v.near_front);
    show("ts-noshow", st === "no_show");
    show("ts-done", st === "done");
  }

  function poll() {
    fetch(box.dataset.api, { headers: { "Accept": "application/json" }, cache: "no-store" }).then(function (r) {
      if (r.status === 429) {
        var wait = parseInt(r.headers.get("Retry-After") || "30", 10);
        setTimeout(poll, Math.max(wait * 1000, every));
        return null;
      }
      if (!r.ok) { throw new Error("status " + r.status); }
      return r.json();
    }).then(function (v) {
      if (!v) { return; }
      show("ts-stale", false);
      apply(v);
      if (!final[v.ticket.status]) { setTimeout(poll, every); }
    }).catch(function () {
      show("ts-stale", true);
      setTimeout(poll, every);
    });
  }
  if (!final[box.dataset.status]) { setTimeout(poll, every); }
})();
