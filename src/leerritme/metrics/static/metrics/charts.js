// Charts of the indicators dashboard. Each <canvas data-indicator="slug"> takes its numbers from the
// json_script element "metrics-charts"; the table under it holds the same numbers for everyone who does
// not see the chart. Without Chart.js (or JavaScript) only the tables show.
(function () {
  "use strict";

  var COLOURS = ["#1f5f5b", "#b5651d", "#6c4f9c", "#2e7d32"];

  function draw(canvas, all) {
    var data = all[canvas.dataset.indicator];
    if (!data || typeof window.Chart === "undefined") {
      return;
    }
    var line = data.type === "line";
    var datasets = data.series.map(function (series, index) {
      var colour = COLOURS[index % COLOURS.length];
      return { label: series.label, data: series.values, borderColor: colour, backgroundColor: colour,
               spanGaps: true, tension: 0.2, borderDash: line && index ? [6, 4] : undefined };
    });
    var y = data.low !== null && data.low !== undefined
      ? { min: data.low, max: data.high, ticks: { stepSize: 1 } } : { beginAtZero: true };
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: data.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: y } }
    });
  }

  function init() {
    var source = document.getElementById("metrics-charts");
    if (!source) {
      return;
    }
    var all = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-indicator]").forEach(function (canvas) { draw(canvas, all); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
