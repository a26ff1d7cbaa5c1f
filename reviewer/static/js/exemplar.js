// Exemplar page: clicking a remark highlights (and scrolls to) its paragraph.
document.querySelectorAll(".remark[data-paragraph]").forEach(function (el) {
  el.addEventListener("click", function (event) {
    event.preventDefault();
    document.querySelectorAll(".para.highlight").forEach(function (p) { p.classList.remove("highlight"); });
    var target = document.getElementById("p" + el.dataset.paragraph);
    if (target) { target.classList.add("highlight"); target.scrollIntoView({behavior: "smooth", block: "center"}); }
  });
});
