/* The admin's export page (templates/admin/import_export/export.html): each "Select all"
   box ticks or unticks every field box of its resource, and shows whether all of them are
   ticked. Bound here, not with an onchange attribute, which the portal's CSP blocks. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll("input.select-toggle")) {
    const row = toggle.closest("[resource-index]");
    const index = row ? row.getAttribute("resource-index") : null;
    const boxes = () =>
      [...document.querySelectorAll(
        index === null
          ? ".selectable-field-export-row input[type=checkbox]"
          : `.selectable-field-export-row[resource-index="${index}"] input[type=checkbox]`,
      )].filter((box) => !box.classList.contains("select-toggle"));
    const reflect = () => {
      const ticked = boxes().filter((box) => box.checked).length;
      toggle.checked = ticked === boxes().length;
      toggle.indeterminate = ticked > 0 && ticked < boxes().length;
    };
    toggle.addEventListener("change", () => {
      for (const box of boxes()) {
        box.checked = toggle.checked;
      }
      toggle.indeterminate = false;
    });
    for (const box of boxes()) {
      box.addEventListener("change", reflect);
    }
    reflect();
  }
});
