// Runs before the first paint (loaded without defer, before the stylesheet): the reader's
// remembered theme (Terang/Gelap; none: the device's setting) and article text size, kept in
// localStorage, never a cookie, so every page stays the same cacheable page for everyone.
(function () {
  "use strict";
  try {
    var root = document.documentElement;
    root.classList.add("js");
    var theme = localStorage.getItem("warta-theme");
    var size = localStorage.getItem("warta-text-size");
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    if (size === "s" || size === "l" || size === "xl") root.setAttribute("data-text-size", size);
  } catch (e) { /* storage blocked: the device's theme and the default size */ }
})();
