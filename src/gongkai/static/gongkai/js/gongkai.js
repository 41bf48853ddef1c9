/*
 * Gongkai (公开) — small progressive enhancements. Every page works without this file.
 *
 * Loaded in <head> without defer on purpose: the kiosk class must be set before first paint.
 *  - Kiosk mode: ?kiosk=1 turns it on for the browser tab (sessionStorage), ?kiosk=0 turns it off;
 *    the class `kiosk` goes on <html>, so `.kiosk …` rules apply (as with <body class="kiosk">).
 *  - [data-print]: a button that opens the print dialog.
 *  - form[data-confirm="…"]: asks before submitting (for forms not driven by htmx; htmx has hx-confirm).
 *  - Skip link: moves focus to <main> (some browsers only scroll).
 *  - Printing: links in <main> get data-print-href (their absolute URL), printed after the link text;
 *    the page's own address fills p[data-print-url] at the top of the printout.
 *  - Kiosk pages (body[data-kiosk-idle]): after that many seconds without a touch, key or scroll,
 *    return to the kiosk's start page (body[data-kiosk-home]).
 *  - Annual report tables: the one-column-wide cells that start in the first column get .sticky-col
 *    (merged cells make this impossible for a CSS selector), so the first column stays in view
 *    while the table's frame scrolls sideways.
 *  - htmx: network and server errors are shown in #htmx-status (role=alert) instead of failing silently.
 */
(function () {
  "use strict";

  var KEY = "gongkai.kiosk";
  try {
    var match = /[?&]kiosk=([01])/.exec(window.location.search);
    if (match) {
      if (match[1] === "1") { window.sessionStorage.setItem(KEY, "1"); }
      else { window.sessionStorage.removeItem(KEY); }
    }
    if (window.sessionStorage.getItem(KEY) === "1") {
      document.documentElement.classList.add("kiosk");
    }
  } catch (e) { /* storage disabled: kiosk only via <body class="kiosk"> */ }

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); }
    else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function announce(message) {
    var region = document.getElementById("htmx-status");
    if (!region) { return; }
    region.textContent = "";
    var p = document.createElement("p");
    p.textContent = message;
    region.appendChild(p);
    region.hidden = false;
  }

  ready(function () {
    document.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-print]") : null;
      if (target) {
        event.preventDefault();
        window.print();
        return;
      }
      var skip = event.target.closest ? event.target.closest(".skip-link") : null;
      if (skip) {
        var main = document.getElementById((skip.getAttribute("href") || "#main").slice(1));
        if (main) {
          if (!main.hasAttribute("tabindex")) { main.setAttribute("tabindex", "-1"); }
          main.focus();
        }
      }
    });

    document.addEventListener("submit", function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });

    // Printed links show their absolute address (see @media print in gongkai.css): set now, so
    // that print previews and saved PDFs have it too, and again just before printing.
    function markPrintHrefs() {
      var links = document.querySelectorAll("main a[href]");
      for (var i = 0; i < links.length; i++) {
        links[i].setAttribute("data-print-href", links[i].href);
      }
    }
    markPrintHrefs();
    window.addEventListener("beforeprint", markPrintHrefs);
    // …and the page's own address at the top of the printout (an empty p[data-print-url] in the
    // header; filled here, not by the server, so that no page repeats its request back).
    var printUrl = document.querySelector("[data-print-url]");
    if (printUrl) { printUrl.textContent = window.location.href; }

    // Report tables: mark the cells placed in column 1 (a rowspan covers it in the rows below).
    var reportTables = document.querySelectorAll("table.report-table");
    for (var t = 0; t < reportTables.length; t++) {
      var covered = 0;
      var rows = reportTables[t].rows;
      for (var r = 0; r < rows.length; r++) {
        if (covered > 0) { covered -= 1; continue; }
        var first = rows[r].cells[0];
        if (!first) { continue; }
        // A cell spanning several columns (a section heading across the labels) scrolls: held
        // in place it would cover the figures on a narrow screen.
        if ((first.colSpan || 1) === 1) { first.classList.add("sticky-col"); }
        covered = (first.rowSpan || 1) - 1;
      }
    }

    // Kiosk: back to the start page after the configured idle time.
    var idle = parseInt(document.body.getAttribute("data-kiosk-idle") || "", 10);
    var home = document.body.getAttribute("data-kiosk-home");
    if (idle > 0 && home) {
      var timer = null;
      var goHome = function () {
        var box = document.querySelector("input[type=search]");
        var atHome = window.location.pathname === home && !window.location.search &&
          !window.location.hash && window.scrollY === 0 && !(box && box.value);
        if (atHome) { restart(); return; }
        window.location.assign(home);
      };
      var restart = function () {
        if (timer) { window.clearTimeout(timer); }
        timer = window.setTimeout(goHome, idle * 1000);
      };
      ["pointerdown", "keydown", "touchstart", "wheel", "scroll", "input"].forEach(function (name) {
        window.addEventListener(name, restart, { passive: true, capture: true });
      });
      restart();
    }

    var body = document.body;
    var messages = {
      network: body.getAttribute("data-msg-network") || "网络连接失败，请稍后重试。",
      server: body.getAttribute("data-msg-server") || "操作未能完成，请刷新页面后重试。"
    };
    document.addEventListener("htmx:sendError", function () { announce(messages.network); });
    document.addEventListener("htmx:responseError", function (event) {
      var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
      announce(messages.server + (status ? " (HTTP " + status + ")" : ""));
    });
    document.addEventListener("htmx:beforeRequest", function () {
      var region = document.getElementById("htmx-status");
      if (region) { region.hidden = true; region.textContent = ""; }
    });
  });
})();
