// "Copy" buttons for badge assertion addresses: <button data-copy="input-id" data-copied-text="Copied">.
// Without the clipboard API the address is selected, so Ctrl+C / Cmd+C copies it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  if (!input) return;
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    return;
  }
  const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
  if (status) status.textContent = button.dataset.copiedText;
});
