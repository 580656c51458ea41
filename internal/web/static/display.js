// Hall display (叫号屏): keeps the screen in step with the hall over
// Server-Sent Events and says every call and recall in Mandarin.
// It shows only ticket codes, window numbers, states and counts (R8.3).
(function () {
  "use strict";
  var root = document.getElementById("display");
  if (!root) { return; }
  var L = root.dataset;
  var $ = function (id) { return document.getElementById(id); };

  // ---- the clock follows the server's time (and its test clock) -------
  var offset = Date.parse(L.at) - Date.now() || 0;
  var clockFmt = new Intl.DateTimeFormat(L.lang === "en" ? "en-GB" : "zh-CN", {
    timeZone: "Asia/Shanghai", month: "2-digit", day: "2-digit", weekday: "short",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
  });
  function tick() { $("clock").textContent = clockFmt.format(new Date(Date.now() + offset)); }
  tick();
  setInterval(tick, 1000);

  // ---- rendering -------------------------------------------------------
  function fmt(f, v) { return f.replace(/%[sd]/, String(v)); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function pick(zh, en) { return L.lang === "en" && en ? en : zh; }

  function showCurrent(c) {
    $("current-code").textContent = c ? c.code : L.none;
    $("current-code").classList.toggle("none", !c);
    $("current-window").textContent = c ? fmt(L.windowFmt, c.window_number) : "";
  }

  function flash() {
    var box = $("current-code").parentNode;
    box.classList.remove("flash");
    void box.offsetWidth; // restart the animation
    box.classList.add("flash");
  }

  function renderState(s) {
    offset = Date.parse(s.at) - Date.now() || offset;
    $("centre-name").textContent = pick(s.centre_name, s.centre_name_en);
    var calls = s.calls || [];
    showCurrent(calls[0]);
    $("calls").replaceChildren.apply($("calls"), calls.slice(1).map(function (c) {
      var li = el("li", c.recall ? "recall" : "");
      li.append(el("span", "code", c.code), el("span", "win", fmt(L.windowFmt, c.window_number)));
      if (c.recall) { li.append(el("span", "tag", L.recall)); }
      return li;
    }));
    $("windows").replaceChildren.apply($("windows"), (s.windows || []).map(function (w) {
      var li = el("li", "state-" + w.state + (w.calling ? " calling" : ""));
      li.dataset.number = w.number;
      var label = L["state" + w.state.charAt(0).toUpperCase() + w.state.slice(1)] || w.state;
      li.append(el("span", "num", fmt(L.windowFmt, w.number)), el("span", "st", label), el("span", "code", w.serving || ""));
      return li;
    }));
    $("queues").replaceChildren.apply($("queues"), (s.queues || []).map(function (q) {
      var li = el("li");
      li.append(el("span", "prefix", q.prefix), el("span", "name", pick(q.name, q.name_en)),
        el("span", "count", fmt(L.peopleFmt, q.waiting)));
      return li;
    }));
    streamUp();
  }

  function onCall(c) {
    showCurrent(c);
    flash();
    announce(c.announcement, c.window_number);
  }

  // ---- the stream and its stale-data warning ---------------------------
  var es = null;
  var lastHeard = Date.now();
  var staleTimer = null;

  // streamDown shows the warning if the stream is not back within ~2 s.
  function streamDown() {
    root.dataset.connected = "0";
    if (staleTimer || !$("stale").hidden) { return; }
    staleTimer = setTimeout(function () { staleTimer = null; $("stale").hidden = false; }, 2000);
  }
  // streamUp is called on every state: the screen is current again.
  function streamUp() {
    root.dataset.connected = "1";
    backoff = 3000;
    clearTimeout(staleTimer);
    staleTimer = null;
    $("stale").hidden = true;
  }

  function connect() {
    lastHeard = Date.now();
    es = new EventSource("/display/events");
    // The server sends the hall's state first on every (re)connection, so a
    // reconnect re-reads whatever was missed while the stream was down.
    es.addEventListener("state", function (e) { lastHeard = Date.now(); renderState(JSON.parse(e.data)); });
    es.addEventListener("call", function (e) { lastHeard = Date.now(); onCall(JSON.parse(e.data)); });
    es.addEventListener("recall", function (e) { lastHeard = Date.now(); onCall(JSON.parse(e.data)); });
    es.addEventListener("ping", function () { lastHeard = Date.now(); });
    es.onerror = function () {
      streamDown();
      if (es.readyState === EventSource.CLOSED) { retryLater(); }
    };
  }

  // An answer other than a stream (a proxy's 502, a 403 while the
  // database is down or after the device was revoked) ends EventSource's
  // own retrying: keep trying, less often the longer it lasts, with the
  // stale-data warning up. Reloading could leave an unattended screen on an
  // error page for good.
  var backoff = 3000;
  function retryLater() {
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 30000);
  }

  // A stream that stopped beating (a dead network that never said so) is
  // replaced; the heartbeat comes every 15 s.
  setInterval(function () {
    if (Date.now() - lastHeard > 40000 && es) {
      es.close();
      streamDown();
      connect();
    }
  }, 5000);

  // ---- voice -----------------------------------------------------------
  // speechSynthesis with a Chinese voice when the machine has one; else
  // recorded clips (static/voice, made by scripts/voice-clips.sh). One
  // announcement after another, never over each other.
  var voice = { queue: [], busy: false, zh: null, clips: {} };

  function pickVoice() {
    var vs = window.speechSynthesis ? speechSynthesis.getVoices() : [];
    voice.zh = vs.filter(function (v) { return /^zh[-_]CN/i.test(v.lang); })[0] ||
      vs.filter(function (v) { return /^(zh|cmn)([-_]|$)/i.test(v.lang) && !/HK|TW/i.test(v.lang); })[0] || null;
    document.body.dataset.voiceMode = voice.zh ? "speech" : "clips";
  }
  pickVoice();
  if (window.speechSynthesis) { speechSynthesis.addEventListener("voiceschanged", pickVoice); }

  // Only the newest announcement of each window waits to be spoken: a
  // recall or a new call at a window replaces what was still queued for
  // it, so the spoken words never trail the screen by more than one
  // announcement per window.
  function announce(a, windowNumber) {
    if (!a) { return; }
    voice.queue = voice.queue.filter(function (q) { return q.window !== windowNumber; });
    if (voice.queue.length >= 20) { voice.queue.shift(); }
    voice.queue.push({ text: a.text, text_en: a.text_en, speech: a.speech, window: windowNumber });
    if (!voice.busy) { nextVoice(); }
  }

  function nextVoice() {
    var a = voice.queue.shift();
    if (!a) { voice.busy = false; return; }
    voice.busy = true;
    $("voice-text").textContent = pick(a.text, a.text_en);
    var said = voice.zh ? speak(a.speech) : playClips(a.speech);
    said.then(function () { setTimeout(nextVoice, 500); });
  }

  function speak(text) {
    return new Promise(function (resolve) {
      var u = new SpeechSynthesisUtterance(text);
      u.lang = "zh-CN";
      u.voice = voice.zh;
      u.rate = 0.9;
      var guard = setTimeout(resolve, 15000);
      u.onend = function () { clearTimeout(guard); resolve(); };
      u.onerror = function (e) {
        clearTimeout(guard);
        if (e.error === "not-allowed") { needGesture(); }
        resolve();
      };
      speechSynthesis.speak(u);
    });
  }

  // Clip names: 请 号 到 号窗口办理, digits 零…九, 十 百 for window numbers,
  // letters a…z.
  var CLIP = { "请": "qing", "号窗口办理": "haochuangkoubanli", "号": "hao", "到": "dao", "窗口": "chuangkou",
    "办理": "banli", "十": "shi", "百": "bai" };
  var DIGITS = "零一二三四五六七八九";
  for (var i = 0; i < 10; i++) { CLIP[DIGITS.charAt(i)] = "d" + i; }

  // numberWords reads a window number the way it is said: 12 → 十二, 105 → 一百零五.
  function numberWords(n) {
    if (n < 10) { return DIGITS.charAt(n); }
    if (n < 20) { return "十" + (n % 10 ? DIGITS.charAt(n % 10) : ""); }
    if (n < 100) { return DIGITS.charAt(Math.floor(n / 10)) + "十" + (n % 10 ? DIGITS.charAt(n % 10) : ""); }
    var rest = n % 100;
    var head = DIGITS.charAt(Math.floor(n / 100)) + "百";
    if (!rest) { return head; }
    if (rest < 10) { return head + "零" + DIGITS.charAt(rest); }
    return head + (rest < 20 ? "一" : "") + numberWords(rest);
  }

  // clipNames turns the announcement's speech ("请 A 零 二 三 号到 5 号窗口办理")
  // into clip names, longest match first; anything unknown is skipped.
  function clipNames(speech) {
    var out = [];
    speech.split(/\s+/).forEach(function (tok) {
      if (/^\d{1,3}$/.test(tok)) { tok = numberWords(parseInt(tok, 10)); }
      var at = 0;
      while (at < tok.length) {
        var found = false;
        for (var n = Math.min(5, tok.length - at); n > 0 && !found; n--) {
          var part = tok.substr(at, n);
          var name = CLIP[part] || (n === 1 && /[A-Za-z]/.test(part) ? part.toLowerCase() : "") ||
            (n === 1 && /\d/.test(part) ? "d" + part : "");
          if (name) { out.push(name); at += n; found = true; }
        }
        if (!found) { at++; }
      }
    });
    return out;
  }
  window.bianminClipNames = clipNames; // for the browser test

  function clip(name) {
    if (!voice.clips[name]) {
      voice.clips[name] = new Audio("/static/voice/" + name + ".wav");
      voice.clips[name].preload = "auto";
    }
    return voice.clips[name];
  }

  function playOne(name) {
    return new Promise(function (resolve, reject) {
      var a = clip(name);
      var guard = setTimeout(resolve, 5000);
      var done = function () { clearTimeout(guard); a.onended = a.onerror = null; resolve(); };
      a.onended = done;
      a.onerror = done;
      a.currentTime = 0;
      a.play().catch(function (e) {
        clearTimeout(guard);
        if (e && e.name === "NotAllowedError") { reject(e); } else { resolve(); }
      });
    });
  }

  function playClips(speech) {
    var names = clipNames(speech);
    $("voice-text").dataset.clips = names.join(" ");
    return names.reduce(function (p, n) { return p.then(function () { return playOne(n); }); }, Promise.resolve())
      .catch(function () { needGesture(); });
  }

  // Browsers may refuse sound until someone touches the page once; kiosk
  // mode avoids that with --autoplay-policy=no-user-gesture-required.
  function needGesture() { $("voice-enable-box").hidden = false; }
  $("voice-enable").addEventListener("click", function () {
    $("voice-enable-box").hidden = true;
    if (window.speechSynthesis) { speechSynthesis.speak(new SpeechSynthesisUtterance("")); }
    var a = clip("qing");
    a.muted = true;
    a.play().then(function () { a.pause(); a.muted = false; }, function () { a.muted = false; });
  });
  // Preload the clips a call always needs.
  if (!voice.zh) { ["qing", "hao", "dao", "haochuangkoubanli"].forEach(clip); }

  connect();
})();
