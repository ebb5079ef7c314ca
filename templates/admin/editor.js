// Names for two controls of Decap CMS 3.16.3's Markdown widget that come without one (axe:
// aria-input-field-name, button-name, aria-required-attr): the text box takes its field's
// label, the rich-text/Markdown switch the word beside it and a checked state that follows
// its clicks. tests/browser/test_editor_browser.py runs axe over the forms.
(function () {
  "use strict";
  function fieldLabel(node) {
    for (var up = node.parentElement; up; up = up.parentElement) {
      var label = up.querySelector("label");
      if (label) return label.textContent.trim();
    }
    return "";
  }
  function name() {
    document.querySelectorAll("[role=textbox][contenteditable]:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", fieldLabel(box));
    });
    document.querySelectorAll("button[role=switch]:not([aria-checked])").forEach(function (toggle) {
      var word = toggle.previousElementSibling;
      toggle.setAttribute("aria-label", word ? word.textContent.trim() : "");
      toggle.setAttribute("aria-checked", "false");
      toggle.addEventListener("click", function () {
        toggle.setAttribute("aria-checked", String(toggle.getAttribute("aria-checked") !== "true"));
      });
    });
  }
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true });
})();
