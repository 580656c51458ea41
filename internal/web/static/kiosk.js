// Kiosk and receipt behaviour: idle reset (policy queue.kiosk_idle_reset_seconds,
// SECURITY.md item 4), the on-screen keypad, the green-channel offer by age
// (Q-2; the server decides again), printing the receipt once.
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main) { return; }
  var idle = parseInt(main.dataset.idle || "0", 10);

  // Idle reset: back to the start in Chinese with every input cleared.
  function reset() {
    if (main.classList.contains("receipt-screen")) {
      if (main.dataset.autoprint) { location.href = main.dataset.back || "/kiosk"; }
      return;
    }
    var form = document.getElementById("kiosk-reset");
    var typed = Array.prototype.some.call(document.querySelectorAll("input[data-keypad]"), function (i) { return i.value !== ""; });
    if (form && (main.dataset.step !== "1" || document.documentElement.lang === "en" || typed)) {
      form.submit();
    } else {
      location.reload(); // the start screen: fresh waiting counts and hours
    }
  }
  var timer = null;
  function arm() {
    if (idle <= 0) { return; }
    clearTimeout(timer);
    timer = setTimeout(reset, idle * 1000);
  }
  ["pointerdown", "keydown", "input"].forEach(function (ev) { document.addEventListener(ev, arm, true); });
  arm();

  // On-screen keypad for the optional ID number and mobile number.
  var keypad = document.getElementById("keypad");
  var target = null;
  var fields = document.querySelectorAll("input[data-keypad]");
  Array.prototype.forEach.call(fields, function (f) {
    f.addEventListener("focus", function () {
      target = f;
      if (keypad) { keypad.hidden = false; }
    });
  });
  if (keypad) {
    keypad.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-key]");
      if (!b || !target) { return; }
      var k = b.dataset.key;
      if (k === "del") {
        target.value = target.value.slice(0, -1);
      } else if (k === "clear") {
        target.value = "";
      } else if (k !== "X" || target.id === "id-number") {
        if (target.value.length < parseInt(target.getAttribute("maxlength") || "18", 10)) { target.value += k; }
      }
      target.dispatchEvent(new Event("input", { bubbles: true }));
      target.focus();
    });
  }

  // Green channel by age: digits 7-14 of an 18-character ID are the birth date.
  var id = document.getElementById("id-number");
  var offer = document.getElementById("green-offer");
  var minAge = parseInt(main.dataset.greenAge || "0", 10);
  function ageOf(v) {
    if (!/^\d{17}[\dXx]$/.test(v)) { return -1; }
    var y = +v.slice(6, 10), m = +v.slice(10, 12), d = +v.slice(12, 14);
    var now = new Date();
    var age = now.getFullYear() - y;
    if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) { age--; }
    return age;
  }
  if (id && offer) {
    id.addEventListener("input", function () {
      var show = minAge > 0 && ageOf(id.value.trim()) >= minAge;
      offer.hidden = !show;
      if (!show) { document.getElementById("green").checked = false; }
    });
  }

  // One tap issues one ticket; the idempotency key covers a retry anyway.
  var form = document.getElementById("kiosk-form");
  if (form) {
    form.addEventListener("submit", function () {
      var b = document.getElementById("kiosk-issue");
      setTimeout(function () { b.disabled = true; }, 0);
    });
  }

  // Receipt: print once when the page (and its QR code) has loaded.
  var printButton = document.getElementById("print-receipt");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  var auto = main.dataset.autoprint;
  if (auto) {
    var key = "bianmin-printed-" + auto;
    var print = function () {
      try {
        if (sessionStorage.getItem(key)) { return; }
        sessionStorage.setItem(key, "1");
      } catch (e) { /* storage off: print anyway */ }
      window.print();
    };
    if (document.readyState === "complete") { setTimeout(print, 0); } else { window.addEventListener("load", print); }
  }
})();
