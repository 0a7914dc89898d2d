// Polls a ledger job's JSON status, moves the bar, and reloads the page when the job has finished.
(function () {
  "use strict";
  var box = document.querySelector("[data-ledger-progress]");
  if (!box) return;
  var bar = box.querySelector(".zz-progress-bar");
  var percent = document.querySelector("[data-ledger-percent]");
  var stage = document.querySelector("[data-ledger-stage]");
  var url = box.getAttribute("data-status-url");
  var failures = 0;

  function show(data) {
    var value = Math.max(0, Math.min(100, Math.round(data.percent || 0)));
    bar.style.width = value + "%";
    box.setAttribute("aria-valuenow", String(value));
    if (percent) percent.textContent = String(value);
    if (stage && data.status_label) stage.textContent = data.status_label;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        show(data);
        if (data.finished) {
          window.setTimeout(function () { window.location.reload(); }, 400);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        failures += 1;
        window.setTimeout(poll, Math.min(10000, 1000 * failures));
      });
  }

  window.setTimeout(poll, 500);
})();
