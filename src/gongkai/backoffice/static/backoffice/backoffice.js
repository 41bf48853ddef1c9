/*
 * gongkai.backoffice — show a field only when another field has a given value, e.g. the 不予公开
 * reason when 公开方式 is 不予公开. Markup: <div data-show-when="disclosure_attribute=exempt">.
 * Without JavaScript every field stays visible (with its help text saying when it applies).
 */
(function () {
  "use strict";

  function currentValue(form, name) {
    var controls = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if ((c.type === "radio" || c.type === "checkbox")) {
        if (c.checked) { return c.value; }
      } else {
        return c.value;
      }
    }
    return "";
  }

  function update(form) {
    var blocks = form.querySelectorAll("[data-show-when]");
    for (var i = 0; i < blocks.length; i++) {
      var rule = blocks[i].getAttribute("data-show-when");
      var negate = rule.indexOf("!=") > -1;
      var parts = rule.split(negate ? "!=" : "=");
      var value = currentValue(form, parts[0]);
      var wanted = parts[1].split("|");
      var match = wanted.indexOf(value) > -1;
      var show = negate ? !match : match;
      // Never hide a field that reports an error: the person must see what to fix.
      if (!show && blocks[i].querySelector(".field-invalid")) { show = true; }
      blocks[i].hidden = !show;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-conditional]");
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        update(form);
        form.addEventListener("change", function () { update(form); });
      })(forms[i]);
    }
  });
})();
