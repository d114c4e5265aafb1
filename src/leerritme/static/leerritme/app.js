// Leerritme's small client-side helpers; the pages work without JavaScript where they can.
document.addEventListener("htmx:responseError", (event) => {
  const box = document.createElement("div");
  box.className = "alert alert-danger";
  box.setAttribute("role", "alert");
  box.textContent = document.documentElement.lang === "en"
    ? "Something went wrong. Please try again."
    : "Er ging iets mis. Probeer het opnieuw.";
  (document.querySelector("#main") || document.body).prepend(box);
});

// Copy buttons, on any page: <button type="button" data-copy="input-id" data-copied-text="Copied">, and
// optionally an element with data-copy-status="input-id" (role="status") that announces it. Without the
// clipboard API the text is selected, so Ctrl+C / Cmd+C copies it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  if (!input) return;
  const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    return;
  }
  const label = button.innerHTML;
  button.textContent = button.dataset.copiedText;
  if (status) status.textContent = button.dataset.copiedText;
  setTimeout(() => { button.innerHTML = label; }, 2000);
});
