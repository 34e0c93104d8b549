// Warta's service worker (served at the site's root as /sw.js by warta.alerts.views): shows a
// breaking-news alert pushed to this browser and opens (or focuses) the story when tapped.
// Addresses in a push are relative to this worker's scope: /, /r/<slug>/ or a site's own host.
"use strict";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function sameOrigin(href) {
  var scope = self.registration.scope;
  try {
    var url = new URL(href || "", scope);
    return url.origin === self.location.origin ? url.href : scope;
  } catch (error) {
    return scope;
  }
}

function tellPages(message) {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    list.forEach(function (client) { client.postMessage(message); });
  });
}

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try { data = event.data.json(); } catch (error) { data = { title: event.data.text() }; }
  }
  var url = sameOrigin(data.url);
  var options = {
    body: data.body || "",
    icon: sameOrigin(data.icon || "peringatan/ikon/192.png"),
    badge: sameOrigin("peringatan/ikon/192.png"),
    data: { url: url },
    lang: data.lang || "id"
  };
  if (data.tag) options.tag = data.tag; // a second copy of one alert replaces the first
  var title = data.title || "Berita terkini";
  event.waitUntil(
    self.registration.showNotification(title, options).then(function () {
      return tellPages({ type: "warta-alert-shown", title: title, url: url });
    })
  );
});

// The story in a window of this site: one already showing it is focused; else a new window;
// where the browser allows no new window now (the click is too old, or the event is not the
// browser's own: the tests' click), a window of this site already open goes to the story.
function openStory(url) {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url === url && "focus" in list[i]) return list[i].focus();
    }
    return self.clients.openWindow(url).catch(function (refused) {
      var open = list.filter(function (client) { return "navigate" in client; })[0];
      if (!open) throw refused;
      return open.navigate(url).then(function (client) {
        return client && "focus" in client ? client.focus().catch(function () { return client; }) : client;
      });
    });
  });
}

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var opened = openStory(sameOrigin(event.notification.data && event.notification.data.url));
  // A click dispatched by a script (isTrusted false) may not extend the event.
  if (event.isTrusted) event.waitUntil(opened);
});
