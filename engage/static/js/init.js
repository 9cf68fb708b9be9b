// Progressive enhancement only: every page works without this file.
import { Button, CharacterCount, ErrorSummary, NotificationBanner, SkipLink, createAll } from "/static/govuk/govuk-frontend.min.js";

for (const component of [Button, CharacterCount, ErrorSummary, NotificationBanner, SkipLink]) {
  createAll(component);
}

// Conditional reveals ("Other, please specify") for radios and checkboxes. GOV.UK Frontend's own
// Radios and Checkboxes components also set aria-expanded, which ARIA 1.2 does not allow on a
// radio or checkbox (axe-core: aria-allowed-attr), so we toggle the reveal without it.
function syncReveals(group) {
  for (const input of group.querySelectorAll("input[data-aria-controls]")) {
    const target = document.getElementById(input.dataset.ariaControls);
    if (!target) continue;
    input.setAttribute("aria-controls", target.id);
    target.classList.toggle(target.className.includes("radios") ? "govuk-radios__conditional--hidden"
      : "govuk-checkboxes__conditional--hidden", !input.checked);
  }
}
for (const group of document.querySelectorAll('[data-module="govuk-radios"], [data-module="govuk-checkboxes"]')) {
  syncReveals(group);
  group.addEventListener("change", () => syncReveals(group));
}
