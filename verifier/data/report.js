// verify HTML report: opens a figure's card, filters findings. Builds no markup
// from data (no innerHTML) and writes no text: every card, list and line of words is
// rendered, escaped, by the server side, in the state the page opens in (errors and
// warnings shown); the script shows and hides what is there as the checkboxes change.
(function () {
  "use strict";
  var RANK = { supported: 0, unverifiable: 1, "needs-review": 2, contradicted: 3 };
  var claims = Array.prototype.slice.call(document.querySelectorAll(".claim"));
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-finding-item]"));
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var panel = document.getElementById("findings-panel");
  var states = Array.prototype.slice.call(document.querySelectorAll("[data-filter-state]"));
  var noneShown = document.getElementById("none-shown");
  var inputs = Array.prototype.slice.call(document.querySelectorAll("input[name='severity'], input[name='rule']"));
  var opener = null;

  function byId(id) { return id ? document.getElementById(id) : null; }

  function open(cardId, from, focusCard) {
    var card = byId(cardId);
    if (!card) { return; }
    cards.forEach(function (c) { c.hidden = c !== card; });
    claims.forEach(function (c) {
      var on = c.getAttribute("aria-controls") === cardId;
      c.classList.toggle("active", on);
      c.setAttribute("aria-expanded", on ? "true" : "false");
    });
    if (panel) { panel.hidden = true; }
    opener = from || null;
    if (focusCard) { card.focus(); }
  }

  function close() {
    cards.forEach(function (c) { c.hidden = true; });
    claims.forEach(function (c) { c.classList.remove("active"); c.setAttribute("aria-expanded", "false"); });
    if (panel) { panel.hidden = false; }
    if (opener) { opener.focus(); }
    opener = null;
  }

  claims.forEach(function (c) {
    c.addEventListener("click", function () { open(c.getAttribute("aria-controls"), c, false); });
    c.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        open(c.getAttribute("aria-controls"), c, true);
      }
    });
  });

  items.forEach(function (li) {
    var a = li.querySelector("a");
    if (!a) { return; }
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var claim = byId(li.getAttribute("data-claim"));
      if (claim) { claim.scrollIntoView({ block: "center" }); claim.focus(); }
      open(li.getAttribute("data-card"), claim || a, !claim);
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll(".close"), function (b) {
    b.addEventListener("click", close);
  });

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { close(); return; }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.isContentEditable)) { return; }
    if (e.key === "n" || e.key === "p") {
      var flagged = claims.filter(function (c) { return !c.classList.contains("v-none"); });
      if (!flagged.length) { return; }
      var i = flagged.indexOf(document.activeElement);
      i = e.key === "n" ? (i + 1) % flagged.length : (i <= 0 ? flagged.length - 1 : i - 1);
      flagged[i].focus();
      flagged[i].scrollIntoView({ block: "center" });
    }
  });

  function checked(name) {
    var on = {};
    Array.prototype.forEach.call(document.querySelectorAll("input[name='" + name + "']"), function (i) {
      on[i.value] = i.checked;
    });
    return on;
  }

  function applyFilters() {
    var sev = checked("severity"), rule = checked("rule");
    var visible = {}, verdict = {};
    items.forEach(function (li) {
      var show = sev[li.getAttribute("data-severity")] !== false && rule[li.getAttribute("data-rule")] !== false;
      var fid = li.getAttribute("data-finding-item");
      li.hidden = !show;
      visible[fid] = show;
      verdict[fid] = li.getAttribute("data-verdict");
    });
    blocks.forEach(function (b) { b.hidden = !visible[b.getAttribute("data-finding")]; });
    cards.forEach(function (card) {
      var note = card.querySelector(".filtered");
      if (!note) { return; }
      note.hidden = Array.prototype.some.call(card.querySelectorAll(".finding"), function (b) { return !b.hidden; });
    });
    var any = items.some(function (li) { return !li.hidden; });
    if (noneShown) { noneShown.hidden = any; }
    // The page's own state (each box as the markup checks it), every box ticked, or another choice.
    var state = inputs.every(function (i) { return i.checked === i.defaultChecked; }) ? "open"
      : inputs.every(function (i) { return i.checked; }) ? "all" : "custom";
    states.forEach(function (el) { el.hidden = el.getAttribute("data-filter-state") !== state; });
    claims.forEach(function (c) {
      var worst = null;
      (c.getAttribute("data-findings") || "").split(" ").forEach(function (fid) {
        var v = fid && visible[fid] ? verdict[fid] : null;
        if (v && (worst === null || RANK[v] > RANK[worst])) { worst = v; }
      });
      ["contradicted", "needs-review", "unverifiable", "supported", "none"].forEach(function (v) {
        c.classList.toggle("v-" + v, (worst || "none") === v);
      });
    });
  }

  inputs.forEach(function (i) { i.addEventListener("change", applyFilters); });

  applyFilters();  // a browser may restore the checkboxes of an earlier visit

  if (location.hash) {
    var target = byId(location.hash.slice(1));
    if (target && target.classList.contains("claim")) { open(target.getAttribute("aria-controls"), target, false); }
  }
})();
