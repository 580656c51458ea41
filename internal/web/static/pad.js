// Evaluation pad (RT-1): shows the reasons only for a bad level, and polls
// the pad's state every 2 s; when the occasion to rate changes (a service
// ended, a rating was given, or the time to rate ran out) the page reloads.
// After a rating the thank-you screen returns to the idle screen.
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main || !main.classList.contains("pad")) {
    return;
  }
  var form = document.getElementById("pad-form");
  var reasons = document.getElementById("pad-reasons");
  function syncReasons() {
    if (!form || !reasons) {
      return;
    }
    var bad = form.querySelector("input[type=radio][data-bad]:checked") !== null;
    reasons.hidden = !bad;
    if (!bad) {
      reasons.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = false; });
    }
  }
  if (form) {
    form.addEventListener("change", syncReasons);
    syncReasons();
  }
  if (main.dataset.thanks) {
    setTimeout(function () { location.replace("/pad"); }, 5000);
    return;
  }
  var shown = main.dataset.ticket || "0";
  function poll() {
    fetch("/api/v1/pad", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) {
        if (v && String(v.ticket_id || 0) !== shown) {
          location.replace("/pad");
          return;
        }
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 2000);
})();
