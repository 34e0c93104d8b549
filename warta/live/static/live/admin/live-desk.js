// The live desk's posting screen (live/admin/screen.html), on top of forms that work alone:
// the post is sent with fetch, the form is cleared and the screen stays where it is; every
// action under a post is sent the same way; the lists refresh every 10 s so the desk sees
// what others posted. On any failure the typed text stays in the form.
(function () {
  "use strict";
  const root = document.querySelector("[data-live-desk]");
  if (!root || !window.fetch) return;
  const form = root.querySelector("[data-live-form]");
  const notice = root.querySelector("[data-live-notice]");
  const lists = root.querySelector("[data-live-lists]");

  function say(message, ok) {
    notice.textContent = message;
    notice.className = "live-desk__notice live-desk__notice--" + (ok ? "ok" : "error");
  }

  function showErrors(errors) {
    root.querySelectorAll("[data-error-for]").forEach(function (el) {
      const field = el.getAttribute("data-error-for");
      el.textContent = errors && errors[field] ? errors[field].join(" ") : "";
      const box = el.closest(".live-desk__field, .live-desk__photo");
      if (box) box.classList.toggle("live-desk__field--error", Boolean(errors && errors[field]));
    });
  }

  function send(target, body) {
    return fetch(target.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return { ok: false, message: root.dataset.failed };
        })
        .then(function (data) {
          if (response.status === 403 && !data.message) data.message = root.dataset.failed;
          return data;
        });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const label = button.textContent;
    button.disabled = true;
    button.textContent = root.dataset.sending;
    send(form, new FormData(form))
      .then(function (data) {
        showErrors(data.errors);
        say(data.message, data.ok);
        if (data.ok) {
          form.reset();
          if (data.lists) lists.innerHTML = data.lists;
        }
      })
      .catch(function () {
        say(root.dataset.failed, false);
      })
      .finally(function () {
        button.disabled = false;
        button.textContent = label;
      });
  });

  root.addEventListener("submit", function (event) {
    const target = event.target;
    if (!target.matches("[data-live-action]")) return;
    event.preventDefault();
    const body = new FormData(target);
    if (event.submitter && event.submitter.name) {
      body.append(event.submitter.name, event.submitter.value);
    }
    send(target, body)
      .then(function (data) {
        say(data.message, data.ok);
        if (data.ok && target.closest(".live-desk__controls")) {
          window.location.reload(); // the controls show the new state
          return;
        }
        if (data.lists) lists.innerHTML = data.lists;
      })
      .catch(function () {
        say(root.dataset.failed, false);
      });
  });

  // Others' posts appear: the lists every 10 s, unless a post is being edited here.
  window.setInterval(function () {
    if (document.hidden || lists.querySelector("details[open]")) return;
    fetch(root.dataset.listsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.lists && !lists.querySelector("details[open]")) lists.innerHTML = data.lists;
      })
      .catch(function () {});
  }, 10000);
})();
