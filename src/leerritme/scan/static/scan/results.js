// The results chart: the group's average per dimension beside the organisation's. The numbers come from the
// json_script element named in data-source; the table beside the chart holds the same numbers.
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
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-source]").forEach(draw);
  });
})();
