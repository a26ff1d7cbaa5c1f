/* Read-only pages: clicking a remark highlights and scrolls to its paragraph (#p-N). */
(function () {
  "use strict";
  function highlight(index) {
    document.querySelectorAll(".doc-body p.is-target").forEach(function (p) { p.classList.remove("is-target"); });
    var p = document.getElementById("p-" + index);
    if (p) { p.classList.add("is-target"); p.scrollIntoView({ block: "center", behavior: "smooth" }); }
  }
  document.querySelectorAll("[data-paragraph]").forEach(function (el) {
    var index = el.getAttribute("data-paragraph");
    if (index === "") { return; }
    var p = document.getElementById("p-" + index);
    if (p) { p.classList.add("has-remark"); }
    el.addEventListener("click", function () { highlight(index); });
  });
})();
