/* Zongzhi lobby screen client: small, framework-free, self-healing.
 * - snapshot on connect and after any gap; deltas carry a sequence number;
 * - reconnect with jittered exponential backoff; a visible badge while disconnected;
 * - ping every 30 s (the server re-joins the group, so group expiry never silences a screen);
 * - reloads itself when the page version changes after a deploy, but only once the server answers,
 *   so the screen never shows a browser error page;
 * - announces queue calls through speech synthesis, one after another, never cut short.
 */
(function () {
  "use strict";
  var root = document.getElementById("lobby");
  var T = JSON.parse(document.getElementById("lobby-i18n").textContent);
  var pageVersion = root.getAttribute("data-version");
  var statusBox = document.getElementById("status");
  var lastUpdated = document.getElementById("last-updated");
  var panelsBox = document.getElementById("panels");

  var state = { seq: -1, screen: null, data: {}, announced: {}, firstSnapshot: true };
  var socket = null, attempt = 0, pingTimer = null, watchdog = null, reconnectTimer = null;
  var PING_MS = 30000, SILENCE_MS = 75000, MAX_BACKOFF_MS = 30000;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // The center's time zone, whatever the display PC is set to.
  var TZ = root.getAttribute("data-time-zone") || undefined;
  function part(d, options) {
    try { return new Intl.DateTimeFormat("zh-CN", Object.assign({ timeZone: TZ }, options)).format(d); }
    catch (e) { return new Intl.DateTimeFormat("zh-CN", options).format(d); }
  }
  function timeText(d) { return part(d, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }); }
  function dateText(d) { return part(d, { year: "numeric", month: "long", day: "numeric" }); }

  /* ---- rendering: every panel is drawn from data only (textContent, never HTML) ---- */
  var renderers = {
    figures: function (value, data) {
      var box = el("section", "panel figures");
      var period = (value && value.period) || "today";
      box.appendChild(el("h2", null, (value && value.title) || T[period]));
      var f = data.figures || {};
      // [key, value, label, note]: what each figure counts is defined in the screen designer
      // (governance.models.lobby.FIGURE_DEFINITIONS); the labels say it in a few words.
      var items = [
        ["registered", f["registered_" + period], T["registered_" + period], null],
        ["accepted", f["accepted_" + period], T["accepted_" + period], T.accepted_note],
        ["handling", f.handling, T.handling, T.handling_note],
        ["resolved", f["resolved_" + period], T["resolved_" + period], T.resolved_note],
        ["on_time_rate", f.on_time_rate === null || f.on_time_rate === undefined ? "—" : f.on_time_rate + "%", T.on_time_rate, T.on_time_rate_note]
      ];
      var grid = el("div", "figure-grid");
      items.forEach(function (item) {
        var cell = el("div", "figure");
        cell.setAttribute("data-figure", item[0]);
        cell.appendChild(el("div", "figure-value", item[1] === undefined ? "—" : item[1]));
        cell.appendChild(el("div", "figure-label", item[2]));
        if (item[3]) cell.appendChild(el("div", "figure-note", item[3]));
        grid.appendChild(cell);
      });
      box.appendChild(grid);
      return box;
    },
    queue: function (value, data) {
      var box = el("section", "panel queue");
      box.appendChild(el("h2", null, T.queue));
      var q = data.queue || { calls: [], waiting: {} };
      var current = q.calls[0];
      var big = el("div", "call-current");
      if (current) {
        big.appendChild(el("span", "ticket", current.ticket));
        big.appendChild(el("span", "arrow", "→"));
        big.appendChild(el("span", "window", T.window.replace("{n}", current.window)));
      } else {
        big.textContent = T.no_calls;
      }
      box.appendChild(big);
      var recent = el("ol", "call-recent");
      q.calls.slice(1, 1 + ((value && value.recent) || 5)).forEach(function (call) {
        recent.appendChild(el("li", null, call.ticket + "  →  " + T.window.replace("{n}", call.window)));
      });
      box.appendChild(recent);
      var waiting = Object.keys(q.waiting || {});
      if (waiting.length) {
        box.appendChild(el("p", "waiting", T.waiting + "：" + waiting.map(function (k) { return k + " " + q.waiting[k]; }).join("　")));
      }
      return box;
    },
    results: function (value, data) {
      var box = el("section", "panel results");
      box.appendChild(el("h2", null, T.results));
      var rows = (data.results || []).slice(0, (value && value.count) || 6);
      if (!rows.length) { box.appendChild(el("p", null, T.no_results)); return box; }
      var list = el("ul", "result-list");
      rows.forEach(function (r) {
        var li = el("li");
        li.appendChild(el("span", "code", r.code));
        li.appendChild(el("span", null, r.category));
        li.appendChild(el("span", null, r.village));
        li.appendChild(el("span", "outcome", r.outcome));
        list.appendChild(li);
      });
      box.appendChild(list);
      return box;
    },
    notices: function (value) {
      var box = el("section", "panel notices");
      box.appendChild(el("h2", null, T.notices));
      var track = el("div", "ticker");
      var line = el("div", "ticker-line", ((value && value.notices) || []).join("　　◆　　"));
      track.appendChild(line);
      box.appendChild(track);
      return box;
    },
    text: function (value) {
      var box = el("section", "panel text");
      box.appendChild(el("h2", null, value && value.title));
      box.appendChild(el("p", "big-text", value && value.text));
      return box;
    },
    clock: function () {
      var box = el("section", "panel clock");
      box.appendChild(el("div", "clock-date", dateText(new Date())));
      box.appendChild(el("div", "clock-time", timeText(new Date())));
      return box;
    },
    warnings: function (value, data) {
      var box = el("section", "panel warnings");
      box.appendChild(el("h2", null, T.warnings));
      var rows = (data.warnings || []).slice(0, (value && value.count) || 3);
      if (!rows.length) { box.appendChild(el("p", null, T.no_warnings)); return box; }
      var list = el("ul", "warning-list");
      rows.forEach(function (w) {
        var li = el("li", "warning level-" + w.colour);
        var head = el("div", "warning-head");
        head.appendChild(el("span", "warning-level", w.level_label));
        head.appendChild(el("span", "warning-type", w.type));
        head.appendChild(el("strong", "warning-title", w.title));
        head.appendChild(el("span", "warning-meta", (w.villages.length ? w.villages.join("、") : T.whole_township) + "　" + T.valid_until.replace("{date}", w.valid_until)));
        li.appendChild(head);
        li.appendChild(el("p", "warning-advice", T.advice + "：" + w.advice));
        list.appendChild(li);
      });
      box.appendChild(list);
      return box;
    },
    supervision_phone: function (value, data) {
      var box = el("section", "panel phone");
      box.appendChild(el("h2", null, T.supervision));
      box.appendChild(el("p", "big-text", (data.center && data.center.supervision_phone) || "—"));
      return box;
    }
  };

  function render() {
    if (!state.screen) return;
    var fragment = document.createDocumentFragment();
    state.screen.panels.forEach(function (panel) {
      var draw = renderers[panel.type];
      if (draw) {
        var node = draw(panel.value, state.data);
        node.setAttribute("data-panel", panel.type);
        fragment.appendChild(node);
      }
    });
    panelsBox.replaceChildren(fragment);
    // Never cut a row in half: drop the last rows of a list that does not fit its panel.
    panelsBox.querySelectorAll(".panel").forEach(function (panel) {
      var list = panel.querySelector(".result-list, .call-recent, .warning-list");
      var keep = list && list.classList.contains("warning-list") ? 1 : 0; // a warning in force is always shown
      while (list && list.children.length > keep && panel.scrollHeight > panel.clientHeight + 1) list.removeChild(list.lastChild);
    });
    if (state.data.center) document.getElementById("center-name").textContent = state.data.center.name;
  }

  /* ---- speech: a queue of announcements, each waits for the previous to end ---- */
  var speechQueue = [], speaking = false;
  function announce(text) {
    if (!("speechSynthesis" in window)) return;
    speechQueue.push(text);
    speakNext();
  }
  function speakNext() {
    if (speaking || !speechQueue.length) return;
    speaking = true;
    var u = new SpeechSynthesisUtterance(speechQueue.shift());
    u.lang = "zh-CN";
    u.rate = 0.9;
    u.onend = u.onerror = function () { speaking = false; setTimeout(speakNext, 400); };
    window.speechSynthesis.speak(u);
  }
  function announceNewCalls(silently) {
    var wantsVoice = state.screen && state.screen.panels.some(function (p) { return p.type === "queue" && (!p.value || p.value.announce !== false); });
    var calls = (state.data.queue && state.data.queue.calls) || [];
    calls.slice().reverse().forEach(function (call) {
      if (state.announced[call.id]) return;
      state.announced[call.id] = true;
      if (!silently && wantsVoice) announce(T.announce.replace("{ticket}", call.ticket).replace("{window}", call.window));
    });
  }

  /* ---- messages ---- */
  function markUpdated() { lastUpdated.textContent = timeText(new Date()); }

  function onMessage(event) {
    var msg;
    try { msg = JSON.parse(event.data); } catch (e) { return; }
    armWatchdog();
    if (msg.type === "snapshot") {
      if (msg.version && msg.version !== pageVersion) { reloadWhenReachable(); }
      state.screen = msg.screen;
      state.data = msg.data;
      state.seq = msg.seq;
      announceNewCalls(state.firstSnapshot);
      state.firstSnapshot = false;
      render();
      markUpdated();
    } else if (msg.type === "delta") {
      if (msg.seq <= state.seq) return; // already applied (or an old message)
      if (msg.seq !== state.seq + 1) { requestSnapshot(); return; } // a gap: resync
      Object.keys(msg.data).forEach(function (k) { state.data[k] = msg.data[k]; });
      state.seq = msg.seq;
      announceNewCalls(false);
      render();
      markUpdated();
    } else if (msg.type === "pong") {
      if (msg.version && msg.version !== pageVersion) { reloadWhenReachable(); }
      if (msg.seq > state.seq) requestSnapshot();
    }
  }

  function send(obj) {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(obj));
  }
  function requestSnapshot() { send({ type: "resync" }); }

  /* ---- connection with jittered exponential backoff ---- */
  function wsUrl() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + location.host + root.getAttribute("data-ws-path");
  }
  function connect() {
    clearTimeout(reconnectTimer);
    try { socket = new WebSocket(wsUrl()); } catch (e) { scheduleReconnect(); return; }
    socket.onopen = function () {
      attempt = 0;
      statusBox.hidden = true;
      document.body.classList.remove("offline");
      clearInterval(pingTimer);
      pingTimer = setInterval(function () { send({ type: "ping" }); }, PING_MS);
      armWatchdog();
    };
    socket.onmessage = onMessage;
    socket.onclose = function () {
      clearInterval(pingTimer);
      clearTimeout(watchdog);
      statusBox.hidden = false;
      document.body.classList.add("offline");
      scheduleReconnect();
    };
    socket.onerror = function () { /* onclose follows */ };
  }
  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    var base = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt));
    attempt += 1;
    var delay = base / 2 + Math.random() * base / 2;
    reconnectTimer = setTimeout(connect, delay);
  }
  function armWatchdog() {
    clearTimeout(watchdog);
    watchdog = setTimeout(function () { if (socket) socket.close(); }, SILENCE_MS);
  }
  function reloadWhenReachable() {
    fetch(location.href, { cache: "no-store" }).then(function (r) { if (r.ok) location.reload(); }).catch(function () {});
  }

  /* ---- clock ---- */
  setInterval(function () {
    var now = new Date();
    document.querySelectorAll(".clock-time").forEach(function (n) { n.textContent = timeText(now); });
    document.querySelectorAll(".clock-date").forEach(function (n) { n.textContent = dateText(now); });
  }, 1000);

  // A different window size fits a different number of rows: draw again.
  window.addEventListener("resize", render);

  window.zongzhiLobby = { state: state };
  connect();
})();
