// Mark each paragraph (#p-N) that has format-check findings, linking back to the finding.
(function () {
  "use strict";
  document.querySelectorAll("[data-precheck-paragraph]").forEach(function (item) {
    var index = item.getAttribute("data-precheck-paragraph");
    if (index === "") { return; }
    var paragraph = document.getElementById("p-" + index);
    if (!paragraph) { return; }
    var severity = item.getAttribute("data-precheck-severity");
    paragraph.classList.add("has-precheck");
    if (severity === "error") { paragraph.classList.add("has-precheck-error"); }
    var marker = document.createElement("a");
    marker.className = "precheck-marker badge " + (severity === "error" ? "bg-danger" : "bg-warning text-dark");
    marker.href = "#" + item.id;
    marker.textContent = item.getAttribute("data-precheck-label");
    marker.title = "文书预检提示";
    paragraph.appendChild(marker);
  });
})();
