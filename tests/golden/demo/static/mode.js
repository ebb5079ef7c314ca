/* The elderly mode switch (长辈模式), remembered in this browser.
   Loaded in <head> so a remembered mode applies before the page is drawn. Without scripts the
   switch is a link to #elder, which turns the mode on for the page it is on (style.css). */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "noticeboard-mode";
  try {
    if (window.localStorage.getItem(KEY) === "elder") {
      root.setAttribute("data-mode", "elder");
    }
  } catch (ignored) {
    // storage refused (private mode): the switch still works on this page
  }
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("[data-mode-switch]") : null;
    if (!link) {
      return;
    }
    event.preventDefault();
    var elder = link.getAttribute("data-mode-switch") === "elder";
    if (elder) {
      root.setAttribute("data-mode", "elder");
    } else {
      root.removeAttribute("data-mode");
    }
    try {
      window.localStorage.setItem(KEY, elder ? "elder" : "standard");
    } catch (ignored) {
      // not remembered, but switched
    }
    if (window.location.hash === "#elder") {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    var other = document.querySelector(elder ? ".mode-standard" : ".mode-elder");
    if (other) {
      other.focus();
    }
  });
})();
