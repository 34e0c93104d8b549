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

  function loadState(articleId) {
    if (state) return Promise.resolve(state);
    var url = "/untuk-anda/status/" + (articleId ? "?artikel=" + encodeURIComponent(articleId) : "");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { state = data; return data; });
  }

  function post(url, fields) {
    var body = new FormData();
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": state.csrf, Accept: "application/json" }
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".reader-actions, .feed").forEach(wire);
    fillBlocks();
  });
})();
