// Masks the values an authorised reveal showed once the centre's
// masking.reveal_remask_seconds have passed (SECURITY.md item 25): the page
// holds the masked form beside each value and puts it back.
(function () {
  'use strict';
  var box = document.getElementById('reveal-values');
  if (!box) { return; }
  var seconds = parseInt(box.getAttribute('data-remask'), 10) || 30;
  window.setTimeout(function () {
    box.querySelectorAll('[data-masked]').forEach(function (el) {
      el.textContent = el.getAttribute('data-masked');
    });
    var note = document.getElementById('reveal-note');
    if (note) { note.textContent = note.getAttribute('data-masked-text'); }
    box.setAttribute('data-state', 'masked');
  }, seconds * 1000);
}());
