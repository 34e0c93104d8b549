// A live story's page (live/live_story_page.html): polls the story's one updates address
// (the same cached answer for every reader, warta.live.queries) as often as the server says,
// and offers new posts behind a button; corrections and deletions of posts on screen apply in
// place, keeping what the reader looks at where it is. No polling on a finished story, a
// hidden tab, or for readers saving data (they keep the "Muat ulang" link).
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root) return;
  var url = root.getAttribute("data-live-updates");
  var version = +root.getAttribute("data-live-version") || 0;
  var poll = +root.getAttribute("data-live-poll") || 0;
  var stream = root.querySelector(".live-stream");
  var button = root.querySelector(".live-new");
  var reload = root.querySelector(".live-reload");
  var queue = {};
  var behind = false;
  var timer = null;

  function html(text) {
    var box = document.createElement("div");
    box.innerHTML = text;
    return box.firstElementChild;
  }

  // Runs a change to the page and scrolls back by however much it moved the first post in
  // view (browsers with scroll anchoring have already done so: then nothing moves).
  function steady(change) {
    var posts = root.querySelectorAll(".live-post");
    var anchor = null;
    for (var i = 0; i < posts.length; i++) {
      if (posts[i].getBoundingClientRect().bottom > 0) { anchor = posts[i]; break; }
    }
    var top = anchor && anchor.getBoundingClientRect().top;
    change();
    if (anchor && anchor.isConnected) {
      var moved = anchor.getBoundingClientRect().top - top;
      if (moved) window.scrollBy(0, moved);
    }
  }

  function count() {
    var n = Object.keys(queue).length;
    if (behind) {
      button.textContent = root.getAttribute("data-label-stale");
    } else if (n) {
      button.textContent = root.getAttribute("data-label-new").replace("{n}", n);
    }
    button.hidden = !(n || behind);
  }

  function apply(answer) {
    if (answer.version <= version) return;
    if (version < answer.covers_from) {
      behind = true; // more changed than one answer holds: the page itself is needed
      count();
      return;
    }
    answer.posts.forEach(function (post) {
      if (post.version <= version) return;
      var shown = document.getElementById("post-" + post.id);
      if (post.deleted) {
        delete queue[post.id];
        if (shown) steady(function () { shown.remove(); });
      } else if (shown) {
        steady(function () { shown.replaceWith(html(post.html)); });
      } else {
        queue[post.id] = post;
      }
    });
    version = answer.version;
    count();
  }

  function check() {
    timer = null;
    fetch(url, { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer) {
          poll = +answer.poll || 0;
          apply(answer);
          // The desk stopped polling: the reader reloads by hand.
          if (reload) reload.hidden = poll > 0 || answer.status === "finished";
        }
      }, function () {})
      .then(function () { if (!behind) later(poll * 1000); });
  }

  function later(ms) {
    clearTimeout(timer);
    timer = poll > 0 && !document.hidden ? setTimeout(check, ms) : null;
  }

  function show() {
    if (behind) { location.reload(); return; }
    var posts = Object.keys(queue).map(function (id) { return queue[id]; });
    posts.sort(function (a, b) {
      return a.posted_at < b.posted_at ? 1 : a.posted_at > b.posted_at ? -1 : b.id - a.id;
    });
    var first = null;
    posts.forEach(function (post) {
      var el = html(post.html);
      var box = stream;
      if (post.pinned) {
        box = root.querySelector(".live-pinned");
        if (!box) {
          box = document.createElement("div");
          box.className = "live-pinned";
          stream.parentNode.insertBefore(box, stream);
        }
      }
      var after = box.firstElementChild;
      if (!post.pinned) {
        // Below any post on screen that is newer (none, unless times were edited).
        while (after && after.getAttribute("data-posted") > el.getAttribute("data-posted")) {
          after = after.nextElementSibling;
        }
      }
      box.insertBefore(el, after);
      if (!first || el.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) first = el;
    });
    var empty = root.querySelector(".live-empty");
    if (empty) empty.remove();
    queue = {};
    count();
    if (first) {
      first.scrollIntoView({ block: "start" });
      first.focus({ preventScroll: true });
    }
  }

  // "Muat lebih banyak": the older posts' page is a page of its own (it works without
  // script); here its posts are appended in place.
  root.addEventListener("click", function (event) {
    var link = event.target.closest(".live-more__link");
    if (!link) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    fetch(link.href)
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        page.querySelectorAll(".live-stream > .live-post").forEach(function (post) {
          if (!document.getElementById(post.id)) stream.appendChild(document.adoptNode(post));
        });
        var next = page.querySelector(".live-more__link");
        if (next) {
          link.href = next.href;
          link.removeAttribute("aria-busy");
        } else {
          link.parentNode.remove();
        }
      }, function () { location.href = link.href; });
  });

  button.addEventListener("click", show);

  var connection = navigator.connection;
  if (poll <= 0 || (connection && connection.saveData)) return;
  if (reload) reload.hidden = true;
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) later(0);
    else later(Math.random() * 2000);
  });
  // Readers who opened the page at the same moment do not poll at the same moment.
  later(poll * 1000 * (0.5 + Math.random()));
})();
