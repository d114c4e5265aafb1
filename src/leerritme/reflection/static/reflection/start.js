// The start form: shows the chosen board's columns, and the project fields only for a project evaluation.
(function () {
  "use strict";
  const previews = JSON.parse(document.getElementById("board-previews").textContent || "{}");
  const form = document.getElementById("start-form");
  if (!form) return;
  const board = form.querySelector("[name=board]");
  const format = form.querySelector("[name=format]");
  const list = document.getElementById("board-preview");
  const projectFields = ["project_name", "project_start", "project_end"].map(
    (name) => form.querySelector(`[name=${name}]`)?.closest(".mb-3")).filter(Boolean);

  function showColumns() {
    const chosen = previews[board.value];
    list.replaceChildren(...(chosen ? chosen.columns : []).map((title) => {
      const li = document.createElement("li");
      li.textContent = title;
      return li;
    }));
    if (chosen && chosen.format && format.value !== chosen.format) format.value = chosen.format;
    showProject();
  }
  function showProject() {
    const evaluation = format.value === "evaluation";
    projectFields.forEach((el) => { el.hidden = !evaluation; });
  }
  function firstBoardOf(fmt) {
    return Object.keys(previews).find((key) => previews[key].format === fmt);
  }
  board.addEventListener("change", showColumns);
  format.addEventListener("change", () => {
    const current = previews[board.value];
    if (!current || current.format !== format.value) {
      const first = firstBoardOf(format.value);
      if (first) board.value = first;
    }
    showColumns();
  });
  showColumns();
})();
