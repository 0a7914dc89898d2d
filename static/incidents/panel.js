// The dashboard's incidents panel: its body is fetched again every 30 seconds, so the county's
// dashboard follows the incidents as they are opened, logged, controlled and closed.
(function () {
  "use strict";
  var PERIOD = 30000;
  function refresh(panel) {
    var body = panel.querySelector("[data-zz-refresh-body]");
    if (!body || document.hidden) return;
    fetch(panel.getAttribute("data-zz-refresh"), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) body.innerHTML = html; })
      .catch(function () {});
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-zz-refresh]").forEach(function (panel) {
      setInterval(function () { refresh(panel); }, PERIOD);
    });
  });
})();
