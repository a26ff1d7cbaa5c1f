/* Hearing review screen: time-coded remarks beside the video.
 * - any element with data-seek="<seconds>" seeks the video (read-only remark lists);
 * - remark times are shown and typed as hh:mm:ss or mm:ss; a remark added while watching starts
 *   at the player's current time ("now"), and each row has buttons to take the current time as its
 *   start/end (取当前) and to jump to its start;
 * - under each score item, the remarks linked to it (its cited moments) are listed as links. */
(function () {
  "use strict";
  var video = document.querySelector("[data-hearing-video]");
  if (!video) { return; }

  // A moment as shown and typed (same rules as models/timecode.py): mm:ss under an hour, hh:mm:ss
  // from an hour on, one decimal when there is a fraction.
  function timecode(t) {
    var tenths = Math.round((t || 0) * 10);
    var whole = Math.floor(tenths / 10), fraction = tenths % 10;
    var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    function pad(n) { return String(n).padStart(2, "0"); }
    var text = (h ? pad(h) + ":" : "") + pad(m) + ":" + pad(s);
    return fraction ? text + "." + fraction : text;
  }
  // Seconds from "01:02:03", "12:30", "12:30.5" or plain seconds "750"; NaN when not a time.
  function secondsOf(text) {
    text = String(text || "").trim().replace(/：/g, ":");
    if (/^\d{1,6}(\.\d{1,3})?$/.test(text)) { return parseFloat(text); }
    var m = /^(?:(\d{1,3}):)?(\d{1,3}):(\d{1,2}(?:\.\d{1,3})?)$/.exec(text);
    if (!m) { return NaN; }
    var minutes = parseInt(m[2], 10), secs = parseFloat(m[3]);
    if (secs >= 60 || (m[1] && minutes >= 60)) { return NaN; }
    return (m[1] ? parseInt(m[1], 10) : 0) * 3600 + minutes * 60 + secs;
  }
  function now() { return timecode(Math.floor(video.currentTime * 10) / 10); }
  window.hearingTimecode = { timecode: timecode, secondsOf: secondsOf };  // for the browser tests

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
  video.addEventListener("timeupdate", function () { if (display) { display.textContent = timecode(Math.floor(video.currentTime)); } });

  // `added`: a row the reviewer just added — its start is the player's current time ("now").
  function enhance(row, added) {
    if (row.dataset.hearingEnhanced) { return; }
    var start = row.querySelector(".remark-start");
    var end = row.querySelector(".remark-end");
    if (!start || !end) { return; }
    row.dataset.hearingEnhanced = "1";
    if (added && start.value === "") { start.value = now(); }
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
        var from = start ? secondsOf(start.value) : NaN;
        if (select && select.value === itemId && !isNaN(from)) {
          var to = end ? secondsOf(end.value) : NaN;
          var label = timecode(from) + (!isNaN(to) ? "–" + timecode(to) : "");
          links.push('<a href="#" data-seek="' + from + '">' + label + "</a>");
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
    if (action.dataset.hearingAction === "take-start") { row.querySelector(".remark-start").value = now(); }
    if (action.dataset.hearingAction === "take-end") { row.querySelector(".remark-end").value = now(); }
    if (action.dataset.hearingAction === "jump") { seek(secondsOf(row.querySelector(".remark-start").value)); }
    row.querySelectorAll(".remark-start, .remark-end").forEach(check);
    renderCitations();
  });
  // A time that is not hh:mm:ss or mm:ss is marked at once (the server says why on saving).
  function check(input) {
    var bad = input.value.trim() !== "" && isNaN(secondsOf(input.value));
    input.classList.toggle("is-invalid", bad);
    input.title = bad ? "时间格式应为 时:分:秒 或 分:秒，如 01:02:03 或 12:30。" : "时:分:秒 或 分:秒";
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches(".remark-start, .remark-end")) { check(event.target); }
    renderCitations();
  });

  var list = document.getElementById("remark-list");
  if (list) {
    list.querySelectorAll(".remark-row").forEach(function (row) { enhance(row, false); });
    new MutationObserver(function () {
      list.querySelectorAll(".remark-row").forEach(function (row) { enhance(row, true); });
      renderCitations();
    }).observe(list, { childList: true });
  }
  renderCitations();
})();
