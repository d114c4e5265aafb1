// The results charts: the group's average per dimension beside the organisation's, and its trend over runs.
// The numbers come from the json_script element named in data-source / data-trend; the table beside or under
// each chart holds the same numbers.
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var datasets = [{ label: data.groupLabel, data: data.group, backgroundColor: "#1f5f5b" }];
    if (data.organisation.length) {
      datasets.push({ label: data.organisationLabel, data: data.organisation, backgroundColor: "#9cc5c1" });
    }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { x: { min: Number(canvas.dataset.min), max: Number(canvas.dataset.max) } } }
    });
  }
  var COLOURS = ["#1f5f5b", "#b5651d", "#6c4f9c", "#2e7d32", "#c2185b", "#455a64", "#8d6e00", "#0277bd",
                 "#6d4c41"];
  // The trend: one line per dimension over the runs; a run without a number leaves a gap that is bridged.
  function drawTrend(canvas) {
    var source = document.getElementById(canvas.dataset.trend);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var datasets = data.series.map(function (series, index) {
      var colour = COLOURS[index % COLOURS.length];
      return { label: series.label, data: series.values, borderColor: colour, backgroundColor: colour,
               spanGaps: true, tension: 0.2, borderDash: index >= COLOURS.length ? [6, 4] : undefined };
    });
    new window.Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 scales: { y: { min: Number(canvas.dataset.min), max: Number(canvas.dataset.max),
                                ticks: { stepSize: 1 } } } }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-source]").forEach(draw);
    document.querySelectorAll("canvas[data-trend]").forEach(drawTrend);
  });
})();
