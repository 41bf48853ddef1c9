/*
 * 字数 as the author types (docs/SPEC.md §8), the same rule as govinfo/lengths.py — keep them equal:
 *
 * - whitespace (Python's str.isspace: spaces, tabs, line breaks, U+3000 …) is not counted;
 * - every character outside ASCII counts 1 (each Chinese character, each Chinese or full-width
 *   punctuation mark, each full-width letter or digit);
 * - a run of ASCII letters, digits and ASCII punctuation without whitespace counts 1 as a whole
 *   ("2026年GDP增长3.5%" is 6).
 *
 * The body's HTML becomes plain text as disclosure.services.content.html_to_text makes it: a line
 * break after each block and <br>, tags removed, entities decoded.
 *
 * Fits: a carrier "不超过 N 字" (at_most) takes at most N; "N 字左右" (about) up to N plus its tolerance
 * percent of N, rounded down. The server counts again on 送签 and its count decides.
 *
 * Markup: the body textarea [data-length-body], the carrier select [data-length-carrier] whose options
 * carry data-limit, data-limit-kind, data-tolerance, data-name; the output [data-length-output].
 */
(function () {
  "use strict";

  // Python's str.isspace() (JavaScript's \s also matches U+FEFF and misses U+001C–U+001F, U+0085).
  var SPACE = /[\t\n\v\f\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

  function countChars(text) {
    var count = 0;
    var inWord = false;
    for (var ch of text) {
      if (SPACE.test(ch)) {
        inWord = false;
      } else if (ch.codePointAt(0) > 0x7f) {
        count += 1;
        inWord = false;
      } else if (!inWord) {
        count += 1;
        inWord = true;
      }
    }
    return count;
  }

  var BLOCK = /<\/(p|div|li|h\d|tr|td|th|caption|blockquote|pre)>|<br\s*\/?>/gi;
  var TAG = /<[^>]+>/g;

  function htmlToText(value) {
    var text = (value || "").replace(BLOCK, "\n").replace(TAG, "");
    var doc = new DOMParser().parseFromString("<!doctype html><body>" + text.replace(/</g, "&lt;"), "text/html");
    return (doc.body.textContent || "").trim();
  }

  function ceiling(limit, kind, tolerance) {
    return kind === "about" ? limit + Math.floor((limit * tolerance) / 100) : limit;
  }

  function init() {
    var body = document.querySelector("[data-length-body]");
    var select = document.querySelector("[data-length-carrier]");
    var output = document.querySelector("[data-length-output]");
    if (!body || !output) {
      return;
    }
    var last = null;
    function update() {
      var option = select && select.selectedIndex >= 0 ? select.options[select.selectedIndex] : null;
      var key = body.value + "\u0000" + (option ? option.value : "");
      if (key === last) {
        return;
      }
      last = key;
      var n = countChars(htmlToText(body.value));
      if (!option || !option.dataset.limit) {
        output.textContent = "字数 " + n;
        output.className = "length-counter";
        return;
      }
      var limit = parseInt(option.dataset.limit, 10);
      var kind = option.dataset.limitKind;
      var top = ceiling(limit, kind, parseInt(option.dataset.tolerance || "10", 10));
      var text = "字数 " + n + " / 上限 " + limit;
      var state = "ok";
      if (n > top) {
        text += "。已超出“" + option.dataset.name + "”的上限" +
          (kind === "about" ? "（" + limit + "字左右，最多" + top + "字）" : "") +
          "，请删减" + (n - top) + "字，否则不能送签。";
        state = "over";
      } else if (n > limit) {
        text += "。超过目标字数，仍在允许范围内（最多" + top + "字）。";
        state = "near";
      }
      output.textContent = text;
      output.className = "length-counter length-" + state;
    }
    body.addEventListener("input", update);
    body.addEventListener("change", update);
    if (select) {
      select.addEventListener("change", update);
    }
    // The rich-text editor writes its HTML back into the textarea without an input event.
    window.setInterval(update, 700);
    update();
  }

  // Under Node (the test comparing this counter with govinfo/lengths.py), only the rule.
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { countChars: countChars, ceiling: ceiling };
    return;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
