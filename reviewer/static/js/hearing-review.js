/* Time-coded remarks beside a hearing video: any element with data-seek="<seconds>" seeks the
 * video; buttons with data-take-time="<input name>" copy the current position into that input. */
(function () {
  "use strict";
  var video = document.querySelector("[data-hearing-video]");
  if (!video) { return; }
  function clock(t) {
    t = Math.floor(t || 0);
    var h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    return [h, m, s].map(function (n) { return String(n).padStart(2, "0"); }).join(":");
  }
  var display = document.querySelector("[data-video-clock]");
  video.addEventListener("timeupdate", function () { if (display) { display.textContent = clock(video.currentTime); } });
  document.addEventListener("click", function (event) {
    var seek = event.target.closest("[data-seek]");
    if (seek) {
      event.preventDefault();
      video.currentTime = parseFloat(seek.dataset.seek) || 0;
      video.play();
      video.scrollIntoView({ behavior: "smooth", block: "nearest" });
      return;
    }
    var take = event.target.closest("[data-take-time]");
    if (take) {
      event.preventDefault();
      var input = document.querySelector('[name="' + take.dataset.takeTime + '"]');
      if (input) { input.value = Math.floor(video.currentTime * 10) / 10; }
    }
  });
})();
