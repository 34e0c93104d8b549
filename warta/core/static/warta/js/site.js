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

// Site header (ux-chrome): the menu drawer (<details>) and the search field (#cari) work
// without JavaScript; this adds Escape and outside-click to close, focus on open, and keeps the
// active channel of the strip in view.
(function () {
  "use strict";
  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* storage blocked: the choice lasts for this page */ }
  }
  function read(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }

  function setupDrawer() {
    var drawer = document.querySelector(".drawer");
    if (!drawer) return;
    var toggle = drawer.querySelector("summary");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.open) {
        drawer.open = false;
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (drawer.open && !drawer.contains(event.target)) drawer.open = false;
    });
  }

  function setupSearch() {
    var link = document.querySelector(".search-toggle");
    var form = document.getElementById("cari");
    if (!link || !form) return;
    var input = form.querySelector("input[type=search]");
    link.setAttribute("role", "button");
    link.setAttribute("aria-expanded", "false");
    function set(open) {
      form.classList.toggle("is-open", open);
      link.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) input.focus();
    }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      set(!form.classList.contains("is-open"));
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && form.classList.contains("is-open")) {
        set(false);
        link.focus();
      }
    });
  }

  function showActiveChannel() {
    var strip = document.querySelector(".channel-nav ul");
    var active = strip && strip.querySelector("[aria-current]");
    if (!active || strip.scrollWidth <= strip.clientWidth) return;
    var item = active.parentNode;
    // Scrolls the strip only (scrollIntoView would scroll the page too).
    strip.scrollLeft = item.offsetLeft - (strip.clientWidth - item.offsetWidth) / 2;
  }

  function setupTheme() {
    var group = document.querySelector(".theme-switch");
    if (!group) return;
    var root = document.documentElement;
    var buttons = group.querySelectorAll("[data-theme-choice]");
    function mark(choice) {
      buttons.forEach(function (button) {
        var on = button.getAttribute("data-theme-choice") === choice;
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    var stored = read("warta-theme");
    mark(stored === "light" || stored === "dark" ? stored : "auto");
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var choice = button.getAttribute("data-theme-choice");
        if (choice === "auto") root.removeAttribute("data-theme");
        else root.setAttribute("data-theme", choice);
        store("warta-theme", choice === "auto" ? null : choice);
        mark(choice);
      });
    });
    group.hidden = false;
  }

  // Text size on the article page: built here (it needs storage), so no-JS readers see no
  // buttons that do nothing; browser zoom serves them.
  var SIZES = ["s", "m", "l", "xl"];
  function setupTextSize() {
    var header = document.querySelector(".article__header");
    var article = header && header.parentNode;
    if (!article) return;
    var root = document.documentElement;
    var labels = document.documentElement.lang.slice(0, 2) === "en"
      ? { group: "Text size", smaller: "Smaller text", larger: "Larger text" }
      : { group: "Ukuran teks", smaller: "Perkecil teks", larger: "Perbesar teks" };
    var box = document.createElement("div");
    box.className = "text-size";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", labels.group);
    function button(text, label, step) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "chip text-size__button";
      var shown = document.createElement("span");
      shown.setAttribute("aria-hidden", "true");
      shown.textContent = text;
      var name = document.createElement("span");
      name.className = "visually-hidden";
      name.textContent = label;
      b.appendChild(shown);
      b.appendChild(name);
      b.addEventListener("click", function () {
        var current = SIZES.indexOf(root.getAttribute("data-text-size") || "m");
        var next = SIZES[Math.min(SIZES.length - 1, Math.max(0, current + step))];
        if (next === "m") root.removeAttribute("data-text-size");
        else root.setAttribute("data-text-size", next);
        store("warta-text-size", next === "m" ? null : next);
        update();
      });
      return b;
    }
    var smaller = button("A\u2212", labels.smaller, -1);
    var larger = button("A+", labels.larger, 1);
    function update() {
      var current = root.getAttribute("data-text-size") || "m";
      smaller.disabled = current === SIZES[0];
      larger.disabled = current === SIZES[SIZES.length - 1];
    }
    box.appendChild(smaller);
    box.appendChild(larger);
    update();
    // Placed over the breadcrumb's row (site.css keeps that row free once theme.js has marked
    // <html class="js">), so adding it moves nothing.
    var crumbs = article.querySelector(".breadcrumb");
    if (crumbs) crumbs.insertAdjacentElement("afterend", box); else article.insertBefore(box, header);
  }

  function start() {
    setupDrawer();
    setupSearch();
    showActiveChannel();
    setupTheme();
    setupTextSize();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
