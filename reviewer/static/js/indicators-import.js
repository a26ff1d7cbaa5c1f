// Register import progress: poll the import's progress every second; reload when it is done.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box) { return; }
  var bar = box.querySelector("[data-bar]");
  var text = box.querySelector("[data-text]");
  var running = { checking: true, applying: true };

  function show(state) {
    if (!running[state.status]) { window.location.reload(); return; }
    var total = state.total || 0;
    if (total > 0) {
      var percent = Math.min(100, Math.round(state.done * 100 / total));
      bar.classList.remove("w-100", "progress-bar-animated");
      bar.style.width = percent + "%";
      text.textContent = state.label + "：" + state.done + " / " + total + " 行（" + percent + "%）";
    } else {
      text.textContent = state.label + "：已处理 " + state.done + " 行";
    }
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) { if (state) { show(state); } })
      .catch(function () { /* a missed poll is retried below */ })
      .finally(function () { window.setTimeout(poll, 1000); });
  }
  window.setTimeout(poll, 500);
}());
