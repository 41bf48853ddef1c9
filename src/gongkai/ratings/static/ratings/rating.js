/*
 * 社会评议: gives each rating form of a (cached) public page its own random idempotency token, so
 * that a form sent twice is stored once (ratings.public.views). Without this script the rating page
 * asks the visitor to confirm, with a token made by the server.
 */
(function () {
  "use strict";
  function token() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    var out = "";
    for (var i = 0; i < bytes.length; i++) { out += ("0" + bytes[i].toString(16)).slice(-2); }
    return out;
  }
  function fill() {
    var inputs = document.querySelectorAll("input[data-rating-token]");
    for (var i = 0; i < inputs.length; i++) {
      if (!inputs[i].value) { inputs[i].value = token(); }
    }
  }
  if (!window.crypto || !window.crypto.getRandomValues) { return; }
  if (document.readyState !== "loading") { fill(); } else { document.addEventListener("DOMContentLoaded", fill); }
})();
