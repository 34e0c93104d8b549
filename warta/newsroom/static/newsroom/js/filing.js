// The story editor's filing helpers (warta/newsroom/panels.py, filing_views.py): the headline's
// length against the site's gate, the publishing gates as a live checklist (answered by the
// server's own gate functions, so the list and the submit never disagree), and the hero photo
// uploaded from the phone's camera roll. No inline script anywhere: the admin has a CSP.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function field(id) {
    return document.getElementById(id);
  }

  function value(id) {
    var el = field(id);
    return el ? el.value : "";
  }

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, form, data) {
    data.append("csrfmiddlewaretoken", csrfToken(form));
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "XMLHttpRequest" },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          return { ok: response.ok, status: response.status, body: body };
        });
    });
  }

  // ---- the headline counter and the gate checklist ------------------------------------------

  // The gates stay in sight while the reporter scrolls: a one-line bar, sticky at the top of
  // the form (the panel itself is too short a container to stick in), with the headline count,
  // how many gates are met and a button per unmet one that takes the reporter to its field.
  // The scroll container keeps focused fields below it (scroll-padding-top), so it never
  // covers the field being typed in.
  function makeBar(root, form) {
    var bar = document.createElement("div");
    bar.className = "warta-gates-bar";
    bar.setAttribute("role", "region");
    bar.setAttribute("aria-label", root.dataset.barLabel);
    var count = document.createElement("span");
    count.className = "warta-gates-bar__count";
    var met = document.createElement("span");
    met.className = "warta-gates-bar__met";
    var todo = document.createElement("span");
    todo.className = "warta-gates-bar__todo";
    bar.append(count, met, todo);
    form.prepend(bar);
    // Wagtail's own header sticks at the top of the same scroll container: the bar sticks
    // just below it (its height changes with the width: two rows on a phone).
    var header = document.querySelector(".content > .w-sticky");
    function fit() {
      var style = document.documentElement.style;
      var top = header ? header.getBoundingClientRect().height : 0;
      style.setProperty("--warta-gates-top", top + "px");
      style.setProperty("--warta-gates-bar", bar.getBoundingClientRect().height + "px");
    }
    if (window.ResizeObserver) {
      var watch = new ResizeObserver(fit);
      watch.observe(bar);
      if (header) watch.observe(header);
    }
    fit();
    return { root: bar, count: count, met: met, todo: todo };
  }

  function fieldOf(key) {
    return field("id_" + key) || document.querySelector("[data-field-input] [name='" + key + "']");
  }

  function goTo(key) {
    var input = field("id_" + key);
    var wrapper = input && (input.closest("[data-field-wrapper]") || input);
    var chooser = field("id_" + key + "-chooser");
    var target = chooser || wrapper;
    if (!target) return;
    target.scrollIntoView({ block: "center", behavior: "instant" });
    var focusable = chooser ? chooser.querySelector("button") : input;
    if (focusable && focusable.type !== "hidden") focusable.focus({ preventScroll: true });
  }

  function initGates(root) {
    var form = root.closest("form");
    var title = field("id_title");
    var counter = root.querySelector(".warta-gates__count");
    var list = root.querySelector(".warta-gates__list");
    var max = parseInt(root.dataset.headlineMax, 10) || 0;
    var asked = 0;
    var bar = makeBar(root, form);

    function count() {
      var n = title ? title.value.trim().length : 0;
      var text = n + "/" + max + " " + root.dataset.countLabel;
      if (max && n > max) text += " · " + root.dataset.overLabel;
      counter.textContent = text;
      counter.classList.toggle("warta-gates__count--over", max > 0 && n > max);
      bar.count.textContent = n + "/" + max;
      bar.count.title = text;
      bar.count.classList.toggle("warta-gates-bar__count--over", max > 0 && n > max);
    }

    function renderBar(checks) {
      var unmet = checks.filter(function (check) {
        return !check.ok;
      });
      bar.met.textContent = root.dataset.metCount
        .replace("%(met)s", checks.length - unmet.length)
        .replace("%(all)s", checks.length);
      bar.root.dataset.ok = unmet.length ? "false" : "true";
      var buttons = unmet.map(function (check) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "warta-gates-bar__gate";
        button.dataset.key = check.key;
        button.textContent = "✗ " + check.label;
        button.title = check.text;
        var target = check.field;
        if (target && fieldOf(target)) {
          button.addEventListener("click", function () {
            goTo(target);
          });
        } else {
          button.disabled = true;
        }
        return button;
      });
      bar.todo.replaceChildren.apply(bar.todo, buttons);
    }

    function render(checks) {
      var items = checks.map(function (check) {
        var li = document.createElement("li");
        li.className = "warta-gates__item";
        li.dataset.key = check.key;
        li.dataset.ok = check.ok ? "true" : "false";
        var mark = document.createElement("span");
        mark.className = "warta-gates__mark";
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = check.ok ? "✓" : "✗";
        var said = document.createElement("span");
        said.className = "w-sr-only";
        said.textContent = (check.ok ? root.dataset.metLabel : root.dataset.unmetLabel) + ":";
        var text = document.createElement("span");
        text.className = "warta-gates__text";
        text.textContent = check.text;
        li.append(mark, " ", said, " ", text);
        return li;
      });
      list.replaceChildren.apply(list, items);
      renderBar(checks);
    }

    function refresh() {
      var mine = ++asked;
      var data = new FormData();
      data.append("parent", root.dataset.parent);
      data.append("title", value("id_title"));
      data.append("summary", value("id_summary"));
      data.append("hero_image", value("id_hero_image"));
      data.append("dateline_place", value("id_dateline_place"));
      data.append("editor", value("id_editor"));
      post(root.dataset.checklistUrl, form, data).then(function (answer) {
        if (mine === asked && answer.ok) render(answer.body.checks);
      });
    }

    var later = debounce(refresh, 250);
    if (title) {
      title.setAttribute("aria-describedby", counter.id);
      title.addEventListener("input", function () {
        count();
        later();
      });
    }
    ["id_summary", "id_dateline_place"].forEach(function (id) {
      var el = field(id);
      if (el) el.addEventListener("input", later);
    });
    // The choosers set hidden inputs and announce it with a bubbling "change".
    form.addEventListener("change", function (event) {
      var id = event.target && event.target.id;
      if (id === "id_hero_image" || id === "id_editor") later();
    });
    document.addEventListener("warta:hero-described", later);
    count();
    refresh(); // the form as it came back (a refused submit keeps what was typed)
  }

  // ---- the hero photo from the camera roll --------------------------------------------------

  function showChosen(photo) {
    var input = field("id_hero_image");
    var chooser = field("id_hero_image-chooser");
    if (!input || !chooser) return;
    input.value = photo.id;
    input.setAttribute("value", photo.id);
    var title = chooser.querySelector("[data-chooser-title]");
    if (title) title.textContent = photo.title;
    var preview = chooser.querySelector("[data-chooser-image]");
    if (preview) {
      preview.setAttribute("src", photo.preview.url);
      preview.setAttribute("width", photo.preview.width);
      preview.setAttribute("height", photo.preview.height);
      preview.setAttribute("alt", photo.description || "");
    }
    var edit = chooser.querySelector("[data-chooser-edit-link]");
    if (edit) {
      edit.setAttribute("href", photo.edit_url);
      edit.hidden = false;
    }
    chooser.classList.remove("blank");
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function initUpload(root) {
    var form = root.closest("form");
    var file = root.querySelector("input[type=file]");
    var credit = field("warta-upload-credit");
    var source = field("warta-upload-source");
    var status = root.querySelector(".warta-upload__status");
    var uploaded = null;

    function say(text, failed) {
      status.textContent = text;
      status.classList.toggle("warta-upload__status--error", Boolean(failed));
    }

    function words(data) {
      data.append("caption", value("id_hero_caption"));
      data.append("credit", credit.value);
      data.append("credit_source", source.value);
      return data;
    }

    file.addEventListener("change", function () {
      if (!file.files.length) return;
      var data = words(new FormData());
      data.append("parent", root.dataset.parent);
      data.append("file", file.files[0]);
      say(root.dataset.uploading, false);
      post(root.dataset.uploadUrl, form, data)
        .then(function (answer) {
          if (!answer.ok) {
            say(answer.body.error || root.dataset.failed, true);
            return;
          }
          uploaded = answer.body.id;
          showChosen(answer.body);
          say(root.dataset.done, false);
        })
        .catch(function () {
          say(root.dataset.failed, true);
        })
        .finally(function () {
          file.value = "";
        });
    });

    // The caption (the photo's alt text) and credit typed after the upload go to the photo.
    var describe = debounce(function () {
      if (uploaded === null || value("id_hero_image") !== String(uploaded)) return;
      var data = words(new FormData());
      data.append("image", uploaded);
      post(root.dataset.uploadUrl, form, data).then(function (answer) {
        if (answer.ok) document.dispatchEvent(new CustomEvent("warta:hero-described"));
      });
    }, 400);
    [field("id_hero_caption"), credit, source].forEach(function (el) {
      if (el) el.addEventListener("input", describe);
    });
  }

  function init() {
    document.querySelectorAll("[data-warta-gates]").forEach(initGates);
    document.querySelectorAll("[data-warta-upload]").forEach(initUpload);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
