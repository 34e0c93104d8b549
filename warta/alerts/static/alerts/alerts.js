// Breaking-news alerts, the reader's side. The page is cached and the same for everyone: this
// script decides on the reader's device alone. It counts the stories read (localStorage) and
// offers alerts only from the second story on, never on arrival and not again for some days
// after "Nanti saja"; "Izinkan" asks the browser, registers the service worker (/sw.js at the
// site's root), subscribes with the site's VAPID key and posts the subscription. A reader with
// alerts on gets a "Matikan peringatan" button in the footer. Its texts come translated on the
// script tag (templates/base.html), so the English edition reads English.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window) || !window.localStorage) return;
  var cfg = script.dataset;
  var prefix = cfg.prefix || "";
  var READS = "warta.alerts.reads", LATER = "warta.alerts.later", ON = "warta.alerts.on";
  var DAY = 864e5, laterDays = parseInt(cfg.laterDays || "7", 10);

  function load(key, fallback) {
    try { var v = JSON.parse(localStorage.getItem(key)); return v === null ? fallback : v; }
    catch (e) { return fallback; }
  }
  function save(key, value) { try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) {} }

  function countRead() {
    var reads = load(READS, []);
    if (!Array.isArray(reads)) reads = [];
    var here = location.pathname;
    if (document.body.classList.contains("page-article") && reads.indexOf(here) < 0) {
      reads.push(here);
      save(READS, reads.slice(-20));
    }
    return reads.length;
  }

  function b64ToBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function keys() {
    return fetch(prefix + "/peringatan/kunci/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("keys " + r.status); return r.json(); });
  }

  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" }
    }).then(function (r) {
      return r.json().then(function (data) { if (!r.ok) throw new Error(data.error || r.status); return data; });
    });
  }

  function register() {
    return navigator.serviceWorker.register(prefix + "/sw.js", { scope: prefix + "/" })
      .then(function () { return navigator.serviceWorker.ready; });
  }

  // The story's top-level channel (marked in the channel strip), offered as the one topic.
  function currentChannel() {
    var link = document.querySelector(".channel-nav a[data-channel]");
    return link ? { slug: link.getAttribute("data-channel"), name: link.textContent.trim() } : null;
  }

  // What the prompt's choice asks for: every breaking alert of the site, or one channel's.
  function chosenTopics() {
    var only = document.querySelector(".alerts-prompt input[name=alerts-topic]:checked");
    if (only && only.value !== "breaking") return { breaking: false, channel: only.value };
    return { breaking: true };
  }

  function subscribe(topics) {
    topics = topics || { breaking: true };
    return Promise.all([register(), keys()]).then(function (both) {
      var registration = both[0], config = both[1];
      return registration.pushManager.getSubscription().then(function (existing) {
        return existing || registration.pushManager.subscribe({
          userVisibleOnly: true, applicationServerKey: b64ToBytes(config.publicKey)
        });
      }).then(function (subscription) {
        var json = subscription.toJSON();
        return post(prefix + "/peringatan/langganan/", config.csrf, {
          endpoint: json.endpoint, keys: json.keys, topics: topics
        });
      });
    });
  }

  function unsubscribe() {
    return navigator.serviceWorker.getRegistration(prefix + "/").then(function (registration) {
      return registration ? registration.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (!subscription) return null;
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(keys).then(function (config) {
        return post(prefix + "/peringatan/berhenti/", config.csrf, { endpoint: endpoint });
      });
    });
  }

  function stylesheet() {
    if (!cfg.css || document.querySelector("link[data-alerts-css]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet"; link.href = cfg.css; link.setAttribute("data-alerts-css", "");
    document.head.appendChild(link);
  }

  function offButton() {
    stylesheet();
    var footer = document.querySelector(".site-footer .copyright");
    if (!footer || footer.querySelector(".alerts-off")) return;
    var button = document.createElement("button");
    button.type = "button"; button.className = "link-button alerts-off"; button.textContent = cfg.off;
    button.addEventListener("click", function () {
      unsubscribe().then(function () {
        save(ON, false); button.remove();
      }, function () { button.textContent = cfg.failed; });
    });
    footer.appendChild(button);
  }

  function prompt() {
    stylesheet();
    var box = document.createElement("section");
    box.className = "alerts-prompt";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", cfg.label || cfg.ask);
    box.setAttribute("aria-live", "polite");
    var text = document.createElement("p");
    text.className = "alerts-prompt__text"; text.textContent = cfg.ask;
    var actions = document.createElement("div");
    actions.className = "alerts-prompt__actions";
    var allow = document.createElement("button");
    allow.type = "button"; allow.className = "alerts-prompt__allow"; allow.textContent = cfg.allow;
    var later = document.createElement("button");
    later.type = "button"; later.className = "alerts-prompt__later"; later.textContent = cfg.later;
    actions.appendChild(allow); actions.appendChild(later);
    box.appendChild(text);
    var channel = currentChannel();
    if (channel && cfg.only) {
      var choice = document.createElement("fieldset");
      choice.className = "alerts-prompt__topics";
      var legend = document.createElement("legend");
      legend.className = "alerts-prompt__legend"; legend.textContent = cfg.choose || "";
      choice.appendChild(legend);
      [["breaking", cfg.all], [channel.slug, cfg.only.replace("{kanal}", channel.name)]].forEach(
        function (option, index) {
          var label = document.createElement("label");
          var input = document.createElement("input");
          input.type = "radio"; input.name = "alerts-topic"; input.value = option[0];
          input.checked = index === 0;
          label.appendChild(input); label.appendChild(document.createTextNode(" " + option[1]));
          choice.appendChild(label);
        });
      box.appendChild(choice);
    }
    box.appendChild(actions);
    document.body.appendChild(box);

    later.addEventListener("click", function () { save(LATER, Date.now()); box.remove(); });
    allow.addEventListener("click", function () {
      allow.disabled = later.disabled = true;
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { save(LATER, Date.now()); box.remove(); return null; }
        return subscribe(chosenTopics()).then(function () {
          save(ON, true); text.textContent = cfg.done; actions.remove(); offButton();
          setTimeout(function () { box.remove(); }, 4000);
        });
      }).catch(function () {
        text.textContent = cfg.failed; actions.remove();
        setTimeout(function () { box.remove(); }, 6000);
      });
    });
  }

  // Tests and the demo: subscribe without the prompt's button (the same code path).
  window.wartaAlerts = {
    subscribe: subscribe, unsubscribe: unsubscribe, register: register, chosenTopics: chosenTopics
  };

  var reads = countRead();
  if (Notification.permission === "granted" && load(ON, false)) { offButton(); return; }
  if (Notification.permission === "denied") return;
  var later = load(LATER, 0);
  if (later && Date.now() - later < laterDays * DAY) return;
  if (reads >= 2 && document.body.classList.contains("page-article")) prompt();
})();
