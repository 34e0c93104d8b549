// Follow and save without a page reload. Pages are cached and the same for everyone, so the
// reader's own state (and a CSRF token) comes from /untuk-anda/status/, which is private.
// Without JavaScript the same buttons open a small confirmation page that works as a form.
(function () {
  "use strict";
  var state = null;

  function setPressed(button, on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    var label = button.getAttribute(on ? "data-on" : "data-off");
    if (label) button.textContent = label;
  }

  var pending = null;
  function loadState(articleId) {
    if (state) return Promise.resolve(state);
    if (pending) return pending;
    var url = "/untuk-anda/status/" + (articleId ? "?artikel=" + encodeURIComponent(articleId) : "");
    pending = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { state = data; return data; });
    return pending;
  }

  // A reader who only reads gets no cookie: the CSRF token is asked for at the first action.
  function token() {
    if (state.csrf) return Promise.resolve(state.csrf);
    return fetch("/untuk-anda/status/?token=1", {
      credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (r) { return r.json(); })
      .then(function (data) { state.csrf = data.csrf; return data.csrf; });
  }

  function post(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    return token().then(function (csrf) {
      return fetch(url, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" }
      });
    });
  }

  function wire(root) {
    var articleId = root.getAttribute("data-article");
    if (root.classList.contains("reader-actions")) loadState(articleId).then(function (data) {
      root.querySelectorAll("form.js-follow").forEach(function (form) {
        var kind = form.getAttribute("data-kind"), value = form.getAttribute("data-value");
        setPressed(form.querySelector("button"), (data[kind] || []).indexOf(value) >= 0);
      });
      root.querySelectorAll("form.js-save").forEach(function (form) {
        setPressed(form.querySelector("button"), !!data.saved);
      });
    });
    root.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("js-follow") && !form.classList.contains("js-save")) return;
      event.preventDefault();
      var button = form.querySelector("button");
      var on = button.getAttribute("aria-pressed") !== "true";
      loadState(articleId).then(function () {
        if (form.classList.contains("js-follow")) {
          return post(form.getAttribute("action"), {
            jenis: form.getAttribute("data-kind"), nilai: form.getAttribute("data-value"),
            aksi: on ? "ikuti" : "berhenti"
          });
        }
        return post(form.getAttribute("action"), { aksi: on ? "simpan" : "hapus" });
      }).then(function (response) {
        if (response.status === 401) {
          // Signed out: the save address itself sends the reader to a sign-in page that says
          // why, and saves the story once they have signed in.
          window.location = form.getAttribute("action") + "?next=" +
            encodeURIComponent(window.location.pathname);
          return;
        }
        if (response.ok) setPressed(button, on);
      });
    });
  }

  function fillBlocks() {
    document.querySelectorAll("[data-reader-block]").forEach(function (slot) {
      fetch(slot.getAttribute("data-reader-block"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html) slot.innerHTML = html; });
    });
  }

  // "Personalisasi" teaser: cached pages show it to everyone; a reader who already chose
  // something (hint cookie, or the status this page loaded anyway) does not see it.
  var HINT = "warta_personal";
  function hasHint() { return document.cookie.split("; ").indexOf(HINT + "=1") >= 0; }
  function hideTeasers() {
    document.querySelectorAll(".panel--personalise").forEach(function (el) { el.hidden = true; });
  }

  // For-you choices: the checkbox lists work without JavaScript; the search box only narrows
  // what is shown, and asks the server for names beyond the listed ones.
  function wireChoices(group) {
    var box = group.querySelector(".choice-group__search");
    if (!box) return;
    box.hidden = false;
    var input = box.querySelector("input"), list = group.querySelector(".choice-list");
    var status = box.querySelector(".choice-group__none"), name = group.getAttribute("data-choice-group");
    var timer = null, added = 0;
    function has(value) {
      return !!list.querySelector('input[value="' + value.replace(/["\\]/g, "") + '"]');
    }
    function add(value, label) {
      var li = document.createElement("li"), lab = document.createElement("label");
      var box = document.createElement("input"), span = document.createElement("span");
      added += 1;
      box.type = "checkbox"; box.name = name; box.value = value; box.id = "id_" + name + "_cari_" + added;
      lab.className = "choice"; lab.htmlFor = box.id; span.textContent = label;
      lab.appendChild(box); lab.appendChild(document.createTextNode(" ")); lab.appendChild(span);
      li.appendChild(lab); list.appendChild(li);
    }
    function filter() {
      var q = input.value.trim().toLowerCase(), shown = 0;
      list.querySelectorAll("li").forEach(function (li) {
        var match = !q || li.textContent.toLowerCase().indexOf(q) >= 0 || li.querySelector("input").checked;
        li.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = q && !shown ? status.getAttribute("data-none") : "";
      return q;
    }
    input.addEventListener("input", function () {
      var q = filter();
      clearTimeout(timer);
      if (q.length < 2) return;
      timer = setTimeout(function () {
        fetch(input.getAttribute("data-choice-search") + "&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            data.results.forEach(function (item) { if (!has(item.nilai)) add(item.nilai, item.nama); });
            filter();
          });
      }, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // Enter filters, never submits
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (hasHint()) hideTeasers();
    document.querySelectorAll(".reader-actions, .feed").forEach(wire);
    document.querySelectorAll("[data-choice-group]").forEach(wireChoices);
    if (document.querySelector(".reader-actions")) {
      loadState(document.querySelector(".reader-actions").getAttribute("data-article")).then(function (data) {
        if (data.personalised) {
          hideTeasers();
          if (!hasHint()) document.cookie = HINT + "=1; path=/; max-age=31536000; samesite=lax";
        }
      });
    }
    fillBlocks();
  });
})();
