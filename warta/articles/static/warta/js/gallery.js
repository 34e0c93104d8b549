// Gallery stories: the photos are a CSS scroll-snap strip (swiped on a phone). This script
// only adds comfort: a photo's own page (/foto/<n>/) opens with that photo in view, the
// arrows scroll in place instead of loading the photo's page, and the address follows the
// photo in view so sharing it shares that photo.
(function () {
  "use strict";
  var gallery = document.querySelector("[data-gallery]");
  if (!gallery) return;
  var track = gallery.querySelector(".gallery__track");
  var items = Array.prototype.slice.call(track.children);
  var smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function show(number, animate) {
    var item = items[number - 1];
    if (!item) return;
    track.scrollTo({ left: item.offsetLeft, behavior: animate && smooth ? "smooth" : "auto" });
  }

  var focus = parseInt(gallery.dataset.focus || "0", 10);
  if (focus > 1) show(focus, false);

  gallery.addEventListener("click", function (event) {
    var step = event.target.closest ? event.target.closest("[data-step]") : null;
    if (!step) return;
    event.preventDefault();
    show(parseInt(step.dataset.step, 10), true);
  });

  var moved = false;
  track.addEventListener("scroll", function () { moved = true; }, { passive: true });
  if (!("IntersectionObserver" in window)) return;
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (moved && entry.isIntersecting && entry.target.dataset.url) {
        history.replaceState(null, "", entry.target.dataset.url);
      }
    });
  }, { root: track, threshold: 0.6 });
  items.forEach(function (item) { observer.observe(item); });
})();
