/*
 * 组织考核 (assessment/rounds/form.html): ticking “全部单位参评” or a group's “全部参评” ticks or clears
 * the bodies it stands for at once (全选 / 全不选), and a group's box follows its bodies. The form
 * works without this file: the server reads those boxes as “all of them” (RoundForm.clean).
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-round-bodies]");
  if (!root) { return; }
  var all = root.querySelector(".body-all input");
  var groups = Array.prototype.slice.call(root.querySelectorAll(".body-group"));

  function boxes(scope, name) {
    return Array.prototype.slice.call(scope.querySelectorAll('input[name="' + name + '"]'));
  }
  function follow() {
    groups.forEach(function (group) {
      var own = group.querySelector('input[name="body_groups"]');
      if (own) { own.checked = boxes(group, "bodies").every(function (b) { return b.checked; }); }
    });
    if (all) { all.checked = boxes(root, "bodies").every(function (b) { return b.checked; }); }
  }
  root.addEventListener("change", function (event) {
    var target = event.target;
    if (target === all) {
      boxes(root, "bodies").concat(boxes(root, "body_groups")).forEach(function (b) { b.checked = target.checked; });
    } else if (target.name === "body_groups") {
      boxes(target.closest(".body-group"), "bodies").forEach(function (b) { b.checked = target.checked; });
      follow();
    } else if (target.name === "bodies") {
      follow();
    }
  });
})();
