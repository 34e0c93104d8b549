// Search-box suggestions (progressive enhancement): headlines and topics from /cari/saran/
// as the reader types; an ARIA 1.2 combobox with a listbox. Without JavaScript the form
// submits to /cari/ as before. Labels come from the form's data-suggest-* attributes (the
// page's language); answers are cacheable JSON, so equal prefixes are asked in one form.
(function () {
  "use strict";
  var MIN = 2, WAIT = 150, MAX = 100, uid = 0;

  function normalise(value) {
    var q = value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").replace(/^ +/, "").replace(/ {2,}/g, " ");
    return q.slice(0, MAX);
  }

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    if (!input) return;
    var id = "saran-" + (++uid), d = form.dataset;
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var host = input.parentNode === form ? form : input.parentNode;
    list.id = id;
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", d.suggestLabel || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    host.classList.add("suggest-host");
    host.appendChild(list);
    host.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");

    var timer = 0, pending = null, asked = "", items = [], active = -1, answers = {};

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function mark(index) {
      active = index;
      items.forEach(function (item, i) {
        item.el.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        input.setAttribute("aria-activedescendant", items[index].el.id);
        items[index].el.scrollIntoView({ block: "nearest" });
      }
    }

    function show(answer) {
      list.textContent = "";
      items = [];
      answer.topics.concat(answer.headlines).forEach(function (s, i) {
        var li = document.createElement("li");
        var topic = i < answer.topics.length;
        li.id = id + "-" + i;
        li.className = "suggest__item" + (topic ? " suggest__item--topic" : "");
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        if (topic) {
          var badge = document.createElement("span");
          badge.className = "suggest__kind";
          badge.textContent = d.suggestTopic || "Topik";
          li.appendChild(badge);
          li.appendChild(document.createTextNode(" "));
        }
        li.appendChild(document.createTextNode(s.label));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function () { window.location.assign(s.url); });
        list.appendChild(li);
        items.push({ el: li, url: s.url });
      });
      var n = items.length;
      status.textContent = n ? n + " " + (d.suggestFound || "") : (d.suggestNone || "");
      if (n) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        mark(-1);
      } else {
        close();
      }
    }

    function ask() {
      var q = normalise(input.value);
      if (q.trim().length < MIN) { asked = ""; close(); status.textContent = ""; return; }
      if (q === asked) return;
      asked = q;
      if (answers[q]) { show(answers[q]); return; }
      if (pending) pending.abort();  // a slower, older answer must not replace a newer one
      pending = new AbortController();
      fetch(d.suggest + "?q=" + encodeURIComponent(q), {
        signal: pending.signal, headers: { Accept: "application/json" }
      }).then(function (r) {
        return r.ok ? r.json() : { headlines: [], topics: [] };
      }).then(function (answer) {
        answers[q] = answer;
        if (asked === q) show(answer);
      }).catch(function () { /* aborted or offline: the form still submits */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT);
    });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!items.length) return;
        e.preventDefault();
        if (!open) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        var step = e.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        mark(next < -1 ? items.length - 1 : next >= items.length ? -1 : next);
      } else if (e.key === "Enter" && open && active >= 0) {
        e.preventDefault();
        window.location.assign(items[active].url);
      } else if (e.key === "Escape" && open) {
        e.preventDefault();
        e.stopPropagation();  // the header's Escape (closing the phone search) waits
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("focus", function () {
      if (items.length && normalise(input.value) === asked) show(answers[asked]);
    });
  }

  function start() {
    document.querySelectorAll("form[data-suggest]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
