/* Resumable upload of hearing recordings (protocol: reviewer/hearings/uploads.py).
 * The file is sent in chunks with PATCH + Upload-Offset, two at a time; after a network error the
 * script asks the server for its offset (HEAD) and continues from there, with a growing pause. */
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

  function request(method, url, body, offset, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRFToken", csrfToken());
      if (body !== null) {
        xhr.setRequestHeader("Upload-Offset", String(offset));
        xhr.setRequestHeader("Content-Type", "application/offset+octet-stream");
        if (onProgress) { xhr.upload.onprogress = function (e) { onProgress(e.loaded); }; }
      }
      xhr.onload = function () {
        var data = {};
        try { data = JSON.parse(xhr.responseText || "{}"); } catch (e) { data = {}; }
        var serverOffset = parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
        if (!isNaN(serverOffset)) { data.offset = serverOffset; }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.ontimeout = function () { reject(new Error("timeout")); };
      xhr.send(body);
    });
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // Two chunks in flight: the next one travels while the server stores the previous one (the
  // server makes it wait for its turn, even when it arrives first). A 409 means "continue from
  // my offset": realign and go on.
  var WINDOW = 2;

  async function send(file, uploadUrl, progress, chunkBytes) {
    var chunk = chunkBytes || CHUNK;
    var pause = 1000;
    var head = await request("GET", uploadUrl, null);
    if (head.status !== 200) { throw new Error(head.data.message || "无法继续上传（" + head.status + "）。"); }
    if (head.data.complete) { return head.data; }
    var stored = head.data.offset;
    for (;;) {
      var next = stored;
      var flights = [];
      try {
        for (;;) {
          while (flights.length < WINDOW && next < file.size) {
            flights.push(sendChunk(file, uploadUrl, next, Math.min(next + chunk, file.size), progress,
                                   function () { return stored; }));
            next = Math.min(next + chunk, file.size);
          }
          progress.show(stored, file.size);
          var res = await flights.shift();
          if (res.status === 200) {
            stored = res.data.offset;
            pause = 1000;
            if (res.data.complete) { return res.data; }
            if (!flights.length && next >= file.size) { throw Object.assign(new Error("realign"), { realign: true }); }
            continue;
          }
          if (res.status === 409) { stored = res.data.offset; throw Object.assign(new Error("realign"), { realign: true }); }
          if (res.status === 423 || res.status >= 500) { throw new Error("retry"); }
          throw Object.assign(new Error(res.data.message || "上传被拒绝（" + res.status + "）。"), { fatal: true });
        }
      } catch (err) {
        // After a 409 the other chunk soon answers 409 too, or lands; either is fine. After a
        // network error it is not awaited: on the server it may be waiting for the lost chunk
        // before it (up to UPLOAD_LOCK_WAIT), and lands once the resent one is stored.
        if (err.realign) { await Promise.allSettled(flights); }
        if (err.fatal) { throw err; }
        if (!err.realign) {
          progress.show(stored, file.size, "网络中断，" + Math.round(pause / 1000) + " 秒后自动续传……");
          await sleep(pause);
          pause = Math.min(pause * 2, MAX_PAUSE);
        }
        try {
          var again = await request("GET", uploadUrl, null);
          if (again.status === 200) {
            stored = again.data.offset;
            if (again.data.complete) { return again.data; }
          }
        } catch (e) { /* still offline: the loop waits and tries again */ }
      }
    }
  }

  function sendChunk(file, uploadUrl, start, end, progress, storedNow) {
    return request("PATCH", uploadUrl, file.slice(start, end), start, function (loaded) {
      if (storedNow() === start) { progress.show(start + loaded, file.size); }
    });
  }

  async function finish(file, data, progress) {
    localStorage.removeItem(storageKey(file));
    progress.show(file.size, file.size, "上传完成，正在转入处理……");
    window.location.href = data.detail_url;
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
        var uploadUrl = localStorage.getItem(storageKey(file));
        var created = null;
        if (!uploadUrl) {
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
          uploadUrl = created.upload_url;
          localStorage.setItem(storageKey(file), uploadUrl);
        }
        var done = await send(file, uploadUrl, progress, parseInt(form.dataset.chunkBytes, 10));
        await finish(file, done, progress);
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
        var done = await send(file, box.dataset.uploadUrl, progress, parseInt(box.dataset.chunkBytes, 10));
        await finish(file, done, progress);
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
