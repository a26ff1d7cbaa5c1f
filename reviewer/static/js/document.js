// Highlight a paragraph of the rendered judgment when a link to #p-N is clicked.
(function () {
  function highlight(id) {
    document.querySelectorAll(".doc-body p.is-target").forEach(function (p) { p.classList.remove("is-target"); });
    var target = document.getElementById(id);
    if (target) { target.classList.add("is-target"); target.scrollIntoView({ block: "center" }); }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-paragraph], a[href^='#p-']");
    if (!link) return;
    var id = link.dataset.paragraph !== undefined ? "p-" + link.dataset.paragraph : link.getAttribute("href").slice(1);
    event.preventDefault();
    history.replaceState(null, "", "#" + id);
    highlight(id);
  });
  if (location.hash.indexOf("#p-") === 0) highlight(location.hash.slice(1));
})();
