// On the case list only: a button that opens the ledger export with the list's current filters.
// Shown when the user's menu has the ledgers entry (the menu item is shown only to users who may
// export), so nobody gets a button that leads to a refusal.
(function () {
  "use strict";
  var script = document.currentScript;
  var ledgerUrl = script && script.getAttribute("data-ledger-url");
  var label = script && script.getAttribute("data-label");
  if (!ledgerUrl || window.location.pathname.replace(/\/+$/, "/") !== "/admin/governance/case/") return;

  function add() {
    var props = document.getElementById("wagtail-sidebar-props");
    if (!props || props.textContent.indexOf(ledgerUrl) === -1) return;
    var params = new URLSearchParams(window.location.search);
    var registers = { dispute: "disputes", petition: "petitions", hazard: "hazards" };
    var kind = params.get("kind__exact") || params.get("kind");
    var target = registers[kind] ? ledgerUrl + registers[kind] + "/export/" : ledgerUrl;
    var link = document.createElement("a");
    link.className = "button button-secondary";
    link.style.marginInlineEnd = "0.75rem";
    link.href = target + window.location.search;
    link.textContent = label;
    link.setAttribute("data-ledger-export", "");
    // Next to the list's own "add" button, in the header's right-hand column.
    var slot = document.querySelector("header .right") || document.querySelector("header");
    if (!slot) return;
    slot.insertBefore(link, slot.firstChild);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", add);
  } else {
    add();
  }
})();
