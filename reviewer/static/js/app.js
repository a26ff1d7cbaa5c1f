// Site-wide behaviours declared in templates by data attributes (no inline handlers: the
// Content-Security-Policy allows only this site's script files).
//   <form data-confirm="确定？">            asks before submitting
//   <button data-confirm="确定？">          asks before the click submits
//   <form data-action-template="/x/MONTH" data-action-placeholder="MONTH" data-action-field="month">
//                                           posts to the template with the field's value filled in
//   ... plus data-navigate                  goes to that address instead of submitting (GET pages)
//   <button data-print>                     prints the page (css/print.css)
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    var template = form.dataset.actionTemplate;
    if (!template) return;
    var field = form.elements[form.dataset.actionField];
    var url = template.split(form.dataset.actionPlaceholder).join(encodeURIComponent(field ? field.value : ""));
    if (form.hasAttribute("data-navigate")) {
      event.preventDefault();
      window.location.assign(url);
    } else {
      form.action = url;
    }
  });

  document.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest("button[data-confirm], input[data-confirm]") : null;
    if (control && !window.confirm(control.dataset.confirm)) event.preventDefault();
  }, true);

  document.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest("[data-print]") : null;
    if (control) window.print();
  });
})();
