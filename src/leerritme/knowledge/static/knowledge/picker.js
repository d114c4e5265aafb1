// The colleague picker (knowledge/_people_picker.html): htmx fills the suggestions as one types; this
// puts the chosen colleague's e-mail address in the field and lets the keyboard move through the list.
(() => {
  const pickerOf = (el) => el.closest("[data-picker]");
  const searchOf = (picker) => picker.querySelector("[data-picker-search]");
  const options = (picker) => Array.from(picker.querySelectorAll("[data-pick-email]"));

  const close = (picker) => {
    const search = searchOf(picker);
    const list = document.getElementById(search.getAttribute("aria-controls"));
    if (list) list.replaceChildren();
  };

  const choose = (button) => {
    const picker = pickerOf(button);
    const search = searchOf(picker);
    const field = document.getElementById(search.dataset.pickerTarget);
    const email = button.dataset.pickEmail;
    if (field.dataset.pickerField === "single") {
      field.value = email;
    } else {
      const emails = field.value.split(/[,;]/).map((e) => e.trim()).filter(Boolean);
      if (!emails.some((e) => e.toLowerCase() === email.toLowerCase())) emails.push(email);
      field.value = emails.join(", ");
    }
    field.dispatchEvent(new Event("change", { bubbles: true }));
    search.value = "";
    close(picker);
    search.focus();
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-pick-email]");
    if (button && pickerOf(button)) choose(button);
  });

  document.addEventListener("keydown", (event) => {
    const picker = pickerOf(event.target);
    if (!picker) return;
    const items = options(picker);
    const search = searchOf(picker);
    const index = items.indexOf(event.target);
    if (event.target !== search && index < 0) return;  // the field itself keeps its keys
    if (event.key === "ArrowDown" && items.length) {
      event.preventDefault();
      items[Math.min(index + 1, items.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      (index === 0 ? search : items[index - 1]).focus();
    } else if (event.key === "Escape" && (event.target === search || index >= 0)) {
      event.preventDefault();
      close(picker);
      search.focus();
    } else if (event.key === "Enter" && event.target === search) {
      // Enter in the search box picks the only (or first) suggestion instead of sending the form.
      event.preventDefault();
      if (items.length) choose(items[0]);
    }
  });
})();
