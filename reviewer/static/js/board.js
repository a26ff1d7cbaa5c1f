// The assignment board (templates/reviews/board.html). The page carries the hand-assignment form
// once (<template id="assign-form">) and each reviewer's <option> once (<template
// id="reviewer-choices">). Each row has a link to its one-subject assignment page (the way without
// script) with data-choices="id id …", the reviewers recusal allows (decided by the server), and on
// a confirmed grade data-grade and data-question; the link is replaced by a copy of the form that
// posts to the same address, listing those reviewers.
(function () {
  "use strict";
  var formSource = document.getElementById("assign-form");
  var choiceSource = document.getElementById("reviewer-choices");
  if (!formSource || !choiceSource) return;
  var options = {};
  Array.prototype.forEach.call(choiceSource.content.querySelectorAll("option"), function (option) {
    options[option.value] = option;
  });
  Array.prototype.forEach.call(document.querySelectorAll("a[data-choices]"), function (link, n) {
    var form = formSource.content.querySelector("form").cloneNode(true);
    form.action = link.href;
    var select = form.querySelector("select[name=reviewer_id]");
    link.dataset.choices.split(" ").forEach(function (id) {
      if (options[id]) select.appendChild(options[id].cloneNode(true));
    });
    var withdraw = form.querySelector("[data-withdraw]");
    if (link.dataset.grade) {
      form.dataset.confirm = link.dataset.question;
      withdraw.querySelector("[data-grade]").textContent = link.dataset.grade;
      withdraw.querySelector("input").id = withdraw.querySelector("label").htmlFor = "withdraw-" + n;
    } else if (withdraw) {
      withdraw.parentNode.removeChild(withdraw);
    }
    link.parentNode.replaceChild(form, link);
  });
})();
