// Suggests a short name (slug) while the name is typed: <input data-slug-from="id_of_name_input">.
// Once the person edits the short name themselves it is left alone. The server makes the same
// suggestion when the field is left empty, so the form works without JavaScript.
(function () {
  function slugify (text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9\s-]/g, "").trim().replace(/[\s-]+/g, "-").slice(0, 46).replace(/-+$/, "");
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-slug-from]").forEach(function (slugInput) {
      const source = document.getElementById(slugInput.dataset.slugFrom);
      if (!source) return;
      let touched = slugInput.value !== "" && slugInput.value !== slugify(source.value);
      slugInput.addEventListener("input", function () { touched = slugInput.value !== ""; });
      source.addEventListener("input", function () {
        if (!touched) slugInput.value = slugify(source.value);
      });
    });
  });
})();
