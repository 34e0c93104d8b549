// "N pembaca sekarang" beside each published story the admin shows: the page explorer's rows
// and the story editor's header (warta.analytics.wagtail_hooks). One request for every story
// on the screen, again every 15 s while the tab is visible and when the listing's results are
// replaced; the answer holds only the published stories this user may see.
(function () {
  "use strict";
  var data = document.currentScript.dataset;
  var EDITING = /\/pages\/(\d+)\/edit\/$/;

  function label(n) {
    return n === 1 ? data.one : data.many.replace("{n}", n);
  }

  // Where each story's badge goes, by page id.
  function places() {
    var found = {};
    document.querySelectorAll('[id^="page_"][id$="_title"]').forEach(function (title) {
      var id = title.id.slice(5, -6);
      if (/^\d+$/.test(id)) found[id] = title.closest(".title-wrapper") || title.parentNode;
    });
    var editing = location.pathname.match(EDITING);
    var header = document.querySelector(".w-slim-header .w-flex-1.w-items-center");
    if (editing && header) found[editing[1]] = header;
    return found;
  }

  function draw(where, counts) {
    Object.keys(where).forEach(function (id) {
      var place = where[id];
      var badge = place.querySelector(":scope > .readers-now");
      if (!(id in counts)) {
        if (badge) badge.remove();
        return;
      }
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "readers-now";
        badge.title = data.title;
        place.appendChild(badge);
      }
      badge.textContent = label(counts[id]);
      badge.classList.toggle("readers-now--none", counts[id] === 0);
    });
  }

  function refresh() {
    if (document.visibilityState !== "visible") return;
    var where = places();
    var ids = Object.keys(where);
    if (!ids.length) return;
    var query = ids.map(function (id) { return "id=" + id; }).join("&");
    fetch(data.url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (counts) { draw(where, counts); }, function () {});
  }

  refresh();
  setInterval(refresh, 15000);
  document.addEventListener("visibilitychange", refresh);
  document.addEventListener("w-swap:success", refresh); // search, filters, another page
})();
