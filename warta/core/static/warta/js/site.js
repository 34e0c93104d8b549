// Keeps "4 jam lalu" true on cached pages: recomputes relative times from <time datetime>.
(function () {
  "use strict";
  var lang = (document.documentElement.lang || "id").slice(0, 2);
  var words = lang === "en"
    ? { now: "just now", m: " min ago", h: " hours ago", d: " days ago" }
    : { now: "baru saja", m: " menit lalu", h: " jam lalu", d: " hari lalu" };
  function relative(then, now) {
    var s = (now - then) / 1000;
    if (s < 0 || s >= 7 * 86400) return null;
    if (s < 60) return words.now;
    if (s < 3600) return Math.floor(s / 60) + words.m;
    if (s < 86400) return ago(Math.floor(s / 3600), words.h);
    return ago(Math.floor(s / 86400), words.d);
  }
  function ago(n, unit) {
    // "1 hour ago" in English (dates.py SINGULAR); Indonesian has one form.
    return n === 1 && lang === "en" ? n + unit.replace("s ago", " ago") : n + unit;
  }
  function refresh() {
    var now = Date.now();
    document.querySelectorAll("time[data-relative]").forEach(function (el) {
      var text = relative(Date.parse(el.getAttribute("datetime")), now);
      if (text && el.textContent !== text) el.textContent = text;
    });
  }
  document.addEventListener("DOMContentLoaded", refresh);
  setInterval(refresh, 60000);
})();

// "Salin tautan": shown only where JavaScript can copy; the share links work without it.
(function () {
  "use strict";
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "absolute";
      field.style.left = "-9999px";
      document.body.appendChild(field);
      field.select();
      var done = document.execCommand("copy");
      document.body.removeChild(field);
      if (done) resolve(); else reject();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".share__copy").forEach(function (item) {
      var button = item.querySelector("[data-copy-url]");
      var status = item.closest(".share").querySelector(".share__status");
      item.hidden = false;
      button.addEventListener("click", function () {
        copy(button.getAttribute("data-copy-url")).then(function () {
          status.textContent = button.getAttribute("data-copied");
          setTimeout(function () { status.textContent = ""; }, 4000);
        }, function () {
          window.prompt("", button.getAttribute("data-copy-url"));
        });
      });
    });
  });
})();
