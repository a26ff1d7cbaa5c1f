// Background export: poll the export's progress every second; show the link when it is done.
(function () {
  "use strict";
  var box = document.getElementById("export-progress");
  if (!box) { return; }
  var bar = box.querySelector("[data-bar]");
  var text = box.querySelector("[data-text]");
  var count = box.querySelector("[data-count]");
  var done = document.getElementById("export-done");
  var failed = document.getElementById("export-failed");

  function show(state) {
    if (state.status === "done") {
      box.hidden = true;
      done.hidden = false;
      return true;
    }
    if (state.status === "failed") {
      box.hidden = true;
      failed.textContent = state.error || "导出生成失败。";
      failed.hidden = false;
      return true;
    }
    text.textContent = state.status === "queued" ? "排队中，等待后台处理……" : "正在生成……";
    if (state.percent !== null && state.percent !== undefined) {
      bar.classList.remove("w-100", "progress-bar-animated");
      bar.style.width = state.percent + "%";
      bar.parentNode.setAttribute("aria-valuenow", state.percent);
      count.textContent = state.done + " / " + state.total + "（" + state.percent + "%）";
    }
    return false;
  }

  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!(state && show(state))) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
}());
