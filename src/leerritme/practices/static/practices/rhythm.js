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

// The team rhythm: after an action swaps an occurrence's row, keep keyboard focus in that row (the move
// form's first field, or the message saying what happened) instead of losing it to the page.
document.addEventListener("htmx:load", (event) => {
  // Fired on the new row once it is in the page (the old one, and its events, are gone with the swap).
  const row = event.detail.elt;
  if (!row || !row.id || !row.id.startsWith("occ-")) return;
  const target = row.querySelector("input:not([type=hidden]), [role=status], [role=alert]");
  if (!target) return;
  if (!target.matches("input")) target.setAttribute("tabindex", "-1");
  target.focus();
});
