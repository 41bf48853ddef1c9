/*
 * Gongkai (公开) — small progressive enhancements. Every page works without this file.
 *
 * Loaded in <head> without defer on purpose: the kiosk class must be set before first paint.
 *  - Kiosk mode: ?kiosk=1 turns it on for the browser tab (sessionStorage), ?kiosk=0 turns it off;
 *    the class `kiosk` goes on <html>, so `.kiosk …` rules apply (as with <body class="kiosk">).
 *  - [data-print]: a button that opens the print dialog.
 *  - form[data-confirm="…"]: asks before submitting (for forms not driven by htmx; htmx has hx-confirm).
 *  - Skip link: moves focus to <main> (some browsers only scroll).
 *  - Printing: links in <main> get data-print-href (their absolute URL), printed after the link text.
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

    // Printed links show their absolute address (see @media print in gongkai.css).
    window.addEventListener("beforeprint", function () {
      var links = document.querySelectorAll("main a[href]");
      for (var i = 0; i < links.length; i++) {
        links[i].setAttribute("data-print-href", links[i].href);
      }
    });

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
