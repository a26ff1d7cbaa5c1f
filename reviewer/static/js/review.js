/* The review screen: paragraph selection and highlighting, remark rows, live deduction totals. */
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var pane = document.getElementById("subject-pane");
  var list = document.getElementById("remark-list");
  var template = document.getElementById("remark-template");
  var label = document.getElementById("selected-paragraph");
  var selected = null;

  function paragraph(index) { return document.getElementById("p-" + index); }

  function highlight(index, scroll) {
    document.querySelectorAll(".doc-body p.is-target").forEach(function (p) { p.classList.remove("is-target"); });
    var p = paragraph(index);
    if (!p) { return; }
    p.classList.add("is-target");
    if (scroll) { p.scrollIntoView({ block: "center", behavior: "smooth" }); }
  }

  function markRemarked() {
    document.querySelectorAll(".doc-body p.has-remark").forEach(function (p) { p.classList.remove("has-remark"); });
    list.querySelectorAll(".remark-paragraph").forEach(function (input) {
      var p = input.value !== "" ? paragraph(input.value) : null;
      if (p) { p.classList.add("has-remark"); }
    });
  }

  if (pane) {
    pane.addEventListener("click", function (event) {
      var p = event.target.closest("p[id^='p-']");
      if (!p) { return; }
      selected = parseInt(p.id.slice(2), 10);
      document.querySelectorAll(".doc-body p.is-selected").forEach(function (q) { q.classList.remove("is-selected"); });
      p.classList.add("is-selected");
      highlight(selected, false);
      if (label) { label.textContent = "已选第 " + (selected + 1) + " 段"; }
    });
  }

  function nextIndex() {
    var max = -1;
    list.querySelectorAll(".remark-row").forEach(function (row) {
      var i = parseInt(row.getAttribute("data-index"), 10);
      if (!isNaN(i) && i > max) { max = i; }
    });
    return max + 1;
  }

  document.getElementById("add-remark").addEventListener("click", function () {
    var index = nextIndex();
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split("__index__").join(String(index));
    var row = holder.firstElementChild;
    var input = row.querySelector(".remark-paragraph");
    var jump = row.querySelector(".remark-jump");
    if (input && selected !== null) {
      input.value = String(selected);
      jump.setAttribute("data-paragraph", String(selected));
      jump.textContent = "第 " + (selected + 1) + " 段";
    }
    list.appendChild(row);
    row.querySelector("textarea").focus();
    markRemarked();
  });

  list.addEventListener("click", function (event) {
    var jump = event.target.closest(".remark-jump");
    if (jump && jump.getAttribute("data-paragraph") !== "") {
      highlight(jump.getAttribute("data-paragraph"), true);
      return;
    }
    var remove = event.target.closest(".remark-remove");
    if (remove) {
      remove.closest(".remark-row").remove();
      markRemarked();
    }
  });

  function number(value) {
    var n = parseFloat(value);
    return isNaN(n) || n < 0 ? 0 : n;
  }

  function recalc() {
    var total = 0;
    var vetoed = false;
    form.querySelectorAll(".score-item").forEach(function (item) {
      var deduction = 0;
      var occ = item.querySelector(".score-occurrences");
      var free = item.querySelector(".score-deduction");
      if (occ) {
        deduction = Math.min(Math.floor(number(occ.value)) * number(item.getAttribute("data-step")),
                             number(item.getAttribute("data-cap")));
        item.querySelector(".computed-deduction").textContent = String(Math.round(deduction * 100) / 100);
      } else if (free) {
        deduction = Math.min(number(free.value), number(item.getAttribute("data-points")));
      }
      var veto = item.querySelector(".score-veto");
      var reason = item.querySelector(".score-reason");
      var needs = deduction > 0 || (veto && veto.checked);
      if (veto && veto.checked) { vetoed = true; }
      reason.classList.toggle("needs-reason", needs && reason.value.trim() === "");
      total += deduction;
    });
    var score = document.getElementById("total-score");
    document.getElementById("total-deduction").textContent = String(Math.round(total * 100) / 100);
    score.textContent = String(Math.round((number(score.getAttribute("data-total")) - total) * 100) / 100);
    // a ticked veto item makes the sheet 不合格 whatever the points (the combining rule)
    var verdict = document.getElementById("total-verdict");
    if (verdict) { verdict.hidden = !vetoed; }
  }

  form.addEventListener("input", recalc);
  form.addEventListener("change", recalc);
  recalc();
  markRemarked();
})();
