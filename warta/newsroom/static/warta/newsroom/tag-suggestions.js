/* "Saran tag" in the story editor: names found in the draft (people, places, organisations),
   one click adds one to the tags field. Words and the endpoint come from the script tag's
   data attributes (warta/newsroom/wagtail_hooks.py); no inline script, the admin has a CSP. */
(function () {
  "use strict";
  var script = document.currentScript;
  var field = document.getElementById("id_tags");
  if (!script || !field || !field.form) {
    return;
  }
  var words = script.dataset;
  var form = field.form;

  var panel = document.createElement("section");
  panel.className = "warta-tag-suggestions";
  panel.setAttribute("aria-labelledby", "warta-tag-suggestions-heading");
  var heading = document.createElement("h3");
  heading.id = "warta-tag-suggestions-heading";
  heading.className = "w-field__label";
  heading.textContent = words.heading;
  var help = document.createElement("p");
  help.className = "help";
  help.textContent = words.help;
  var list = document.createElement("div");
  list.className = "warta-tag-suggestions__list";
  var status = document.createElement("p");
  status.className = "help warta-tag-suggestions__status";
  status.setAttribute("role", "status");
  var refresh = document.createElement("button");
  refresh.type = "button";
  refresh.className = "button button-small button-secondary warta-tag-suggestions__refresh";
  refresh.textContent = words.refresh;
  panel.append(heading, help, list, status, refresh);
  var wrapper = field.closest(".w-field__wrapper") || field.parentNode;
  wrapper.after(panel);

  function value(id) {
    var element = document.getElementById(id);
    return element ? element.value : "";
  }

  function draftText() {
    var parts = [value("id_summary")];
    // The body: rich-text paragraphs (Draftail) and the plain fields of other blocks.
    document.querySelectorAll("[data-contents='true']").forEach(function (editor) {
      parts.push(editor.innerText);
    });
    form.querySelectorAll("textarea[name^='body-'], input[type='text'][name^='body-']").forEach(
      function (input) {
        parts.push(input.value);
      },
    );
    return parts.join("\n");
  }

  function addTag(name, button) {
    var jq = window.jQuery;
    if (jq && jq(field).data("ui-tagit")) {
      jq(field).tagit("createTag", name);
    } else {
      var quoted = name.indexOf(" ") > -1 ? '"' + name + '"' : name;
      field.value = field.value ? field.value + ", " + quoted : quoted;
    }
    button.remove();
    status.textContent = words.added.replace("%(name)s", name);
  }

  function show(suggestions) {
    list.replaceChildren();
    suggestions.forEach(function (item) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary warta-tag-suggestions__tag";
      button.textContent = item.name;
      button.dataset.kind = item.kind;
      button.addEventListener("click", function () {
        addTag(item.name, button);
      });
      list.append(button);
    });
    status.textContent = suggestions.length ? "" : words.empty;
  }

  function load() {
    var token = form.querySelector("input[name='csrfmiddlewaretoken']");
    var body = new URLSearchParams({
      title: value("id_title"),
      text: draftText(),
      tags: field.value,
    });
    // A saved story's stored topic suggestions (from its published text) come first.
    var editing = window.location.pathname.match(/\/pages\/(\d+)\/edit\//);
    if (editing) {
      body.append("page", editing[1]);
    }
    refresh.disabled = true;
    fetch(words.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" },
      body: body,
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data.suggestions);
      })
      .catch(function () {
        status.textContent = words.failed;
      })
      .finally(function () {
        refresh.disabled = false;
      });
  }

  refresh.addEventListener("click", load);
  // The body's editors are drawn by Wagtail's own scripts: ask once they have run.
  if (document.readyState === "complete") {
    load();
  } else {
    window.addEventListener("load", load, { once: true });
  }
})();
