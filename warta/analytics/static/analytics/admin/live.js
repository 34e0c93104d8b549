/* Readers now on the analytics overview (analytics/admin/overview.html): every 15 seconds
   while the tab is visible, fetch the site's sekarang.json and redraw the total, the desks'
   bars and the top stories. Text is set with textContent only. No dependencies. */
(function () {
  "use strict";
  var root = document.querySelector("[data-analytics-live]");
  if (!root) return;
  var url = root.getAttribute("data-url");
  var seconds = parseInt(root.getAttribute("data-interval"), 10) || 15;
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, cls, text) {
    var node = document.createElement(name);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function rect(cls, width) {
    var r = document.createElementNS(SVG, "rect");
    r.setAttribute("class", cls);
    r.setAttribute("x", "0");
    r.setAttribute("y", "0");
    r.setAttribute("height", "10");
    r.setAttribute("width", String(width));
    return r;
  }

  function drawDesks(desks) {
    var body = root.querySelector("[data-live-desks] tbody");
    if (!body) return;
    var total = 0, largest = 1;
    desks.forEach(function (d) { total += d.readers; largest = Math.max(largest, d.readers); });
    var rows = desks.map(function (d) {
      var tr = el("tr");
      tr.setAttribute("data-key", d.id);
      tr.appendChild(el("th", "", d.name)).setAttribute("scope", "row");
      var svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", "0 0 100 10");
      svg.setAttribute("preserveAspectRatio", "none");
      svg.setAttribute("aria-hidden", "true");
      svg.appendChild(rect("warta-an__bar-bg", 100));
      svg.appendChild(rect("warta-an__bar-fg", (100 * d.readers / largest).toFixed(2)));
      tr.appendChild(el("td", "warta-an__bar")).appendChild(svg);
      tr.appendChild(el("td", "warta-an__num", d.readers));
      tr.appendChild(el("td", "warta-an__num warta-an__share", Math.round(100 * d.readers / (total || 1)) + "\u202f%"));
      return tr;
    });
    if (!rows.length) {
      var empty = el("tr");
      empty.appendChild(el("td", "", body.getAttribute("data-empty") || "–")).setAttribute("colspan", "4");
      rows.push(empty);
    }
    body.replaceChildren.apply(body, rows);
  }

  function drawStories(stories) {
    var list = root.querySelector("[data-live-stories]");
    if (!list) return;
    var items = stories.map(function (s) {
      var li = el("li");
      var a = el("a", "", s.title);
      a.href = s.url;
      li.appendChild(a);
      if (s.trend) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "warta-an__trend warta-an__trend--" + s.trend, s.trend === "up" ? "\u25b2" : "\u25bc"));
      }
      li.appendChild(el("span", "warta-an__num", s.readers));
      return li;
    });
    if (!items.length) items.push(el("li", "warta-an__empty", list.getAttribute("data-empty")));
    list.replaceChildren.apply(list, items);
  }

  function refresh() {
    if (document.hidden) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var total = root.querySelector("[data-live-total]");
        if (total) total.textContent = String(data.total);
        drawDesks(data.desks || []);
        drawStories(data.stories || []);
        var at = root.querySelector("[data-live-at]");
        if (at) at.textContent = new Date(data.at).toLocaleTimeString();
        root.setAttribute("data-refreshed", data.at);
      })
      .catch(function () { /* the next tick tries again */ });
  }

  setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) refresh(); });
})();
