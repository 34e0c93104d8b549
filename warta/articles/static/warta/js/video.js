// Video stories: the poster is a link until the reader taps it; only then is the
// privacy-enhanced player (youtube-nocookie.com, Vimeo dnt=1) framed, so no request goes to
// the video host before. Without this script the link opens the video on its own site.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var facade = event.target.closest ? event.target.closest(".video__facade") : null;
    if (!facade || !facade.dataset.player) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = facade.dataset.player;
    frame.title = facade.dataset.title || "Video";
    frame.className = "video__player";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    facade.replaceWith(frame);
    frame.focus();
  });
})();
