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
