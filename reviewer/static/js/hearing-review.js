/* Hearing review screen: time-coded remarks beside the video.
 * - any element with data-seek="<seconds>" seeks the video (read-only remark lists);
 * - each remark row of the review form gets buttons to take the current time as its start/end
 *   and to jump to its start;
 * - under each score item, the remarks linked to it (its cited moments) are listed as links. */
(function () {
  "use strict";
  var video = document.querySelector("[data-hearing-video]");
  if (!video) { return; }

  function clock(t) {
    t = Math.floor(t || 0);
    var h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    return [h, m, s].map(function (n) { return String(n).padStart(2, "0"); }).join(":");
  }
  function seek(seconds) {
    video.currentTime = parseFloat(seconds) || 0;
    video.play();
    video.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }
  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-outline-secondary";
    b.textContent = label;
    b.dataset.hearingAction = action;
    return b;
  }

  var display = document.querySelector("[data-video-clock]");
  video.addEventListener("timeupdate", function () { if (display) { display.textContent = clock(video.currentTime); } });

  function enhance(row) {
    if (row.dataset.hearingEnhanced) { return; }
    var start = row.querySelector(".remark-start");
    var end = row.querySelector(".remark-end");
    if (!start || !end) { return; }
    row.dataset.hearingEnhanced = "1";
    start.insertAdjacentElement("afterend", button("取当前", "take-start"));
    end.insertAdjacentElement("afterend", button("取当前", "take-end"));
    end.nextElementSibling.insertAdjacentElement("afterend", button("跳转", "jump"));
  }

  function renderCitations() {
    document.querySelectorAll(".score-item").forEach(function (item) {
      var itemId = item.id.replace("item-", "");
      var box = item.querySelector("[data-cited-remarks]");
      if (!box) {
        box = document.createElement("div");
        box.className = "small mt-1";
        box.dataset.citedRemarks = "1";
        item.appendChild(box);
      }
      var links = [];
      document.querySelectorAll("#remark-list .remark-row").forEach(function (row) {
        var select = row.querySelector("select");
        var start = row.querySelector(".remark-start");
        var end = row.querySelector(".remark-end");
        if (select && select.value === itemId && start && start.value !== "") {
          var label = clock(start.value) + (end && end.value !== "" ? "–" + clock(end.value) : "");
          links.push('<a href="#" data-seek="' + parseFloat(start.value) + '">' + label + "</a>");
        }
      });
      box.innerHTML = links.length ? "引用批注：" + links.join("、") : "";
    });
  }

  document.addEventListener("click", function (event) {
    var seekEl = event.target.closest("[data-seek]");
    if (seekEl) { event.preventDefault(); seek(seekEl.dataset.seek); return; }
    var action = event.target.closest("[data-hearing-action]");
    if (!action) { return; }
    event.preventDefault();
    var row = action.closest(".remark-row");
    var now = Math.floor(video.currentTime * 10) / 10;
    if (action.dataset.hearingAction === "take-start") { row.querySelector(".remark-start").value = now; }
    if (action.dataset.hearingAction === "take-end") { row.querySelector(".remark-end").value = now; }
    if (action.dataset.hearingAction === "jump") { seek(row.querySelector(".remark-start").value); }
    renderCitations();
  });
  document.addEventListener("change", renderCitations);

  var list = document.getElementById("remark-list");
  if (list) {
    list.querySelectorAll(".remark-row").forEach(enhance);
    new MutationObserver(function () {
      list.querySelectorAll(".remark-row").forEach(enhance);
      renderCitations();
    }).observe(list, { childList: true });
  }
  renderCitations();
})();
