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
    link.className = "button bicolor button--icon";
    link.href = target + window.location.search;
    link.textContent = label;
    link.setAttribute("data-ledger-export", "");
    var slot = document.querySelector("header .right, .w-header .right, header");
    if (!slot) return;
    var wrapper = document.createElement("div");
    wrapper.className = "actionbutton";
    wrapper.style.marginInlineStart = "1rem";
    wrapper.appendChild(link);
    slot.appendChild(wrapper);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", add);
  } else {
    add();
  }
})();
