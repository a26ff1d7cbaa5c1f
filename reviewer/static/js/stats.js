// Statistics charts (Chart.js, vendored): grade distribution, mean score, reviewer severity.
(function () {
  var data = JSON.parse(document.getElementById("stats-data").textContent);
  var colours = ["#198754", "#0d6efd", "#ffc107", "#dc3545"];
  if (data.courtLabels.length) {
    new Chart(document.getElementById("grade-chart"), {
      type: "bar",
      data: {labels: data.courtLabels, datasets: data.grades.map(function (label, i) {
        return {label: label, data: data.gradeCounts[i], backgroundColor: colours[i]};
      })},
      options: {plugins: {title: {display: true, text: "等级分布（件）"}}, scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true}}}
    });
    new Chart(document.getElementById("score-chart"), {
      type: "bar",
      data: {labels: data.courtLabels, datasets: [{label: "平均分", data: data.meanScores, backgroundColor: "#6f42c1"}]},
      options: {indexAxis: "y", plugins: {title: {display: true, text: "平均分"}}, scales: {x: {suggestedMin: 50, suggestedMax: 100}}}
    });
  }
  if (data.reviewerLabels.length) {
    new Chart(document.getElementById("severity-chart"), {
      type: "bar",
      data: {labels: data.reviewerLabels, datasets: [{label: "宽严度（分）", data: data.severity,
        backgroundColor: data.severity.map(function (v) { return v >= 0 ? "#dc3545" : "#198754"; })}]},
      options: {plugins: {title: {display: true, text: "评查员宽严度（正数偏严，负数偏宽）"}}}
    });
  }
})();
