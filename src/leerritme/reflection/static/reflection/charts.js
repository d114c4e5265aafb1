// Trend charts of the reflection pages. Each <canvas data-chart="..."> reads its numbers from the
// json_script element named in data-source; the table beside it holds the same numbers for everyone
// who does not see the chart. Without Chart.js (or JavaScript) only the tables show.
(function () {
  "use strict";

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var labels = data.labels.map(function (day) {
      var date = new Date(day + "T12:00:00");
      return date.toLocaleDateString(document.documentElement.lang || undefined,
        data.monthly ? { month: "short", year: "2-digit" } : { day: "numeric", month: "short" });
    });
    var kind = canvas.dataset.chart;
    var config;
    if (kind === "scores") {
      config = {
        type: "line",
        data: {
          labels: labels,
          datasets: [
            { label: canvas.dataset.qualityLabel, data: data.quality, borderColor: "#1f5f5b",
              backgroundColor: "#1f5f5b", spanGaps: true, tension: 0.2 },
            { label: canvas.dataset.dynamicsLabel, data: data.dynamics, borderColor: "#b5651d",
              backgroundColor: "#b5651d", borderDash: [6, 4], spanGaps: true, tension: 0.2 }
          ]
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
                   scales: { y: { min: 1, max: 5, ticks: { stepSize: 1 } } } }
      };
    } else {
      config = {
        type: "bar",
        data: {
          labels: labels,
          datasets: [
            { label: canvas.dataset.agreedLabel, data: data.agreed, backgroundColor: "#9cc5c1" },
            { label: canvas.dataset.doneLabel, data: data.done, backgroundColor: "#1f5f5b" }
          ]
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
                   scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      };
    }
    new window.Chart(canvas, config);
  }

  function init() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
