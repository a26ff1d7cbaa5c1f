/* Resumable upload of hearing recordings over tus 1.0 (server: reviewer/recordings/upload_views.py).
 * The form declares the hearing (POST /hearings/new → the upload's URL, remembered per file in
 * localStorage); tus-js-client sends the file; the detail page resumes with the same file. */
(function () {
  "use strict";
  var CHUNK = 64 * 1024 * 1024;
  var MAX_PAUSE = 30000;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function formatBytes(n) {
    var units = ["B", "KB", "MB", "GB"];
    var i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return n.toFixed(i ? 1 : 0) + " " + units[i];
  }

  function storageKey(file) {
    return "hearing-upload:" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  function formatDuration(seconds) {
    seconds = Math.max(1, Math.round(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    if (h) { return h + " 小时 " + m + " 分"; }
    return m ? m + " 分 " + s + " 秒" : s + " 秒";
  }

  // Speed over the last RATE_WINDOW ms of progress samples [[time ms, bytes sent], …]; 0 while
  // there is less than a second of history or nothing moved (after a pause or a resume).
  var RATE_WINDOW = 10000;
  function recentRate(samples) {
    if (samples.length < 2) { return 0; }
    var first = samples[0], last = samples[samples.length - 1];
    var ms = last[0] - first[0];
    return ms >= 1000 && last[1] > first[1] ? (last[1] - first[1]) * 1000 / ms : 0;
  }

  function progressText(sent, total, rate) {
    var text = "已上传 " + formatBytes(sent) + " / " + formatBytes(total);
    if (rate > 0 && sent < total) {
      text += " · " + formatBytes(rate) + "/秒 · 约剩 " + formatDuration((total - sent) / rate);
    }
    return text;
  }

  function Progress(panel) {
    this.panel = panel;
    this.bar = panel.querySelector("[data-upload-bar]");
    this.status = panel.querySelector("[data-upload-status]");
    this.samples = [];
    panel.classList.remove("d-none");
  }
  Progress.prototype.show = function (sent, total, note) {
    var pct = total ? Math.floor((sent * 100) / total) : 0;
    var now = Date.now();
    var last = this.samples[this.samples.length - 1];
    if (note || (last && sent < last[1])) { this.samples = []; }  // paused or realigned: start over
    if (!note) { this.samples.push([now, sent]); }
    while (this.samples.length > 2 && now - this.samples[0][0] > RATE_WINDOW) { this.samples.shift(); }
    this.bar.style.width = pct + "%";
    this.bar.textContent = pct + "%";
    this.status.textContent = note || progressText(sent, total, recentRate(this.samples));
  };
  Progress.prototype.fail = function (message) {
    this.bar.classList.add("bg-danger");
    this.status.textContent = message;
  };

  // The upload itself: tus 1.0 through the vendored tus-js-client (static/vendor/tus.min.js).
  // It asks the server for its offset (HEAD) and sends the rest (PATCH, `chunk` bytes each); after
  // a network error it asks again and continues, with a growing pause (RETRY_DELAYS, ~25 minutes
  // in all). Refusals with a Chinese sentence (size, disk full, permission) stop it.
  var RETRY_DELAYS = [0, 1000, 2000, 4000, 8000, 15000].concat(Array(48).fill(MAX_PAUSE));

  function responseMessage(err) {
    var res = err && err.originalResponse;
    var body = res ? res.getBody() : "";
    if (body && /[\u4e00-\u9fff]/.test(body)) { return body; }
    return res ? "上传被拒绝（" + res.getStatus() + "）。" : "网络中断，无法继续上传，请检查网络后重新选择文件续传。";
  }

  function send(file, uploadUrl, progress, chunkBytes) {
    var lastSent = 0;
    return new Promise(function (resolve, reject) {
      var upload = new tus.Upload(file, {
        uploadUrl: uploadUrl,
        chunkSize: chunkBytes || CHUNK,
        retryDelays: RETRY_DELAYS,
        storeFingerprintForResuming: false,  // the page keeps the upload URL itself (storageKey)
        headers: { "X-CSRFToken": csrfToken() },
        metadata: { filename: file.name },
        onProgress: function (sent, total) { lastSent = sent; progress.show(sent, total); },
        onShouldRetry: function (err, attempt) {
          var status = err.originalResponse ? err.originalResponse.getStatus() : 0;
          var retry = status === 0 || status === 409 || status === 423 || (status >= 500 && status !== 507);
          if (retry) {
            var pause = RETRY_DELAYS[Math.min(attempt, RETRY_DELAYS.length - 1)];
            progress.show(lastSent, file.size, "网络中断，" + Math.round(pause / 1000) + " 秒后自动续传……");
          }
          return retry;
        },
        onSuccess: function () { resolve(); },
        onError: function (err) { reject(new Error(responseMessage(err))); },
      });
      upload.start();
    });
  }

  function finish(file, detailUrl, progress) {
    localStorage.removeItem(storageKey(file));
    progress.show(file.size, file.size, "上传完成，正在转入处理……");
    window.location.href = detailUrl;
  }

  function setupNewForm(form) {
    var input = form.querySelector("[data-file-input]");
    var errorBox = form.querySelector("[data-form-error]");
    var submit = form.querySelector("[data-submit]");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      errorBox.classList.add("d-none");
      form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
      var file = input.files[0];
      if (!file) { errorBox.textContent = "请选择录像文件。"; errorBox.classList.remove("d-none"); return; }
      form.querySelector('[name="file_name"]').value = file.name;
      form.querySelector('[name="file_size"]').value = file.size;
      submit.disabled = true;
      var progress = new Progress(form.querySelector("[data-upload-panel]"));
      try {
        var remembered = JSON.parse(localStorage.getItem(storageKey(file)) || "null");
        var created = null;
        if (!remembered) {
          var res = await fetch(form.action, { method: "POST", body: new FormData(form),
            headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" } });
          created = await res.json();
          if (res.status !== 201) {
            var messages = [created.message];
            Object.keys(created.errors || {}).forEach(function (name) {
              var field = form.querySelector('[name="' + name + '"]');
              if (field) { field.classList.add("is-invalid"); }
              messages = messages.concat(created.errors[name]);
            });
            throw new Error(messages.join(" "));
          }
          remembered = { upload: created.upload_url, detail: created.detail_url };
          localStorage.setItem(storageKey(file), JSON.stringify(remembered));
        }
        await send(file, remembered.upload, progress, parseInt(form.dataset.chunkBytes, 10));
        finish(file, remembered.detail, progress);
      } catch (err) {
        progress.fail(err.message);
        errorBox.textContent = err.message;
        errorBox.classList.remove("d-none");
        submit.disabled = false;
      }
    });
  }

  function setupResume(box) {
    var input = box.querySelector("[data-file-input]");
    input.addEventListener("change", async function () {
      var file = input.files[0];
      var progress = new Progress(box.querySelector("[data-upload-panel]"));
      if (!file) { return; }
      if (String(file.size) !== box.dataset.uploadSize) {
        progress.fail("所选文件与原文件大小不同，请选择同一个文件（" + box.dataset.uploadName + "）。");
        return;
      }
      try {
        await send(file, box.dataset.uploadUrl, progress, parseInt(box.dataset.chunkBytes, 10));
        finish(file, box.dataset.detailUrl, progress);
      } catch (err) { progress.fail(err.message); }
    });
  }

  function pollStatus(box) {
    setTimeout(async function tick() {
      try {
        var res = await fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" } });
        var data = await res.json();
        if (data.status === "ready" || data.status === "failed") { window.location.reload(); return; }
        box.textContent = data.label + (data.status === "processing" ? "：" + data.progress + "%" : "") + "（页面会自动刷新）";
      } catch (e) { /* try again later */ }
      setTimeout(tick, 3000);
    }, 3000);
  }

  // The pure helpers, for the browser tests.
  window.hearingUpload = { formatDuration: formatDuration, recentRate: recentRate, progressText: progressText };

  document.querySelectorAll("[data-hearing-upload-form]").forEach(setupNewForm);
  document.querySelectorAll("[data-resume-upload]").forEach(setupResume);
  document.querySelectorAll("[data-processing-status]").forEach(pollStatus);
})();
