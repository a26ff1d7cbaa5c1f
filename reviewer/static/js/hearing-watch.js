/* Records how far the viewer got in a library recording: every 15 s while playing, on pause and
 * at the end (the server keeps the furthest position). */
(function () {
  "use strict";
  var video = document.querySelector("[data-watch-url]");
  if (!video) { return; }
  var meta = document.querySelector('meta[name="csrf-token"]');
  var lastSent = -1;
  function send() {
    var position = Math.floor(video.currentTime);
    if (position === lastSent) { return; }
    lastSent = position;
    fetch(video.dataset.watchUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": meta ? meta.content : "" },
      body: JSON.stringify({ position: position }),
      keepalive: true
    }).catch(function () { lastSent = -1; });
  }
  setInterval(function () { if (!video.paused) { send(); } }, 15000);
  video.addEventListener("pause", send);
  video.addEventListener("ended", send);
})();
