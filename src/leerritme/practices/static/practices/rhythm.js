// The rhythm form: show only the fields the chosen cadence uses (without JavaScript all of them show).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("rhythm-form");
  if (!form) return;
  const update = () => {
    const chosen = form.querySelector("input[name=cadence]:checked");
    if (!chosen) return;
    form.querySelectorAll("[data-cadences]").forEach((part) => {
      part.hidden = !part.dataset.cadences.split(" ").includes(chosen.value);
    });
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "cadence") update();
  });
  update();
});
