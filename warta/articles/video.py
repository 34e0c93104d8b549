"""Videos from YouTube and Vimeo: which addresses an editor may paste, and the privacy-enhanced
player address each becomes (youtube-nocookie.com, Vimeo with `dnt=1`). The player is loaded
only when the reader taps the poster, so no third-party request happens before that."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The only hosts a player is framed from (settings CONTENT_SECURITY_POLICY frame-src).
PLAYER_HOSTS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
YOUTUBE_HOSTS |= {"www.youtube-nocookie.com", "youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{4,12}$")


@dataclass(frozen=True)
class HostedVideo:
    provider: str  # "youtube" or "vimeo"
    video_id: str

    @property
    def player_url(self) -> str:
        """The privacy-enhanced player (structured data's embedUrl, the sitemap's player_loc)."""
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"

    @property
    def embed_url(self) -> str:
        """The player the page loads when the reader taps the poster: it plays at once."""
        if self.provider == "youtube":
            return f"{self.player_url}?autoplay=1&rel=0"
        return f"{self.player_url}&autoplay=1"

    @property
    def watch_url(self) -> str:
        """The video on its own site (the lite edition's link, the no-script fallback)."""
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def provider_name(self) -> str:
        return "YouTube" if self.provider == "youtube" else "Vimeo"


def parse_video_url(url: str) -> HostedVideo:
    """The YouTube or Vimeo video an address points to; ValidationError for anything else."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    candidate = ""
    if parts.scheme in ("http", "https") and host in YOUTUBE_HOSTS:
        if host == "youtu.be" and segments:
            candidate = segments[0]
        elif segments[:1] == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            candidate = segments[1]
        if YOUTUBE_ID.match(candidate):
            return HostedVideo("youtube", candidate)
    if parts.scheme in ("http", "https") and host in VIMEO_HOSTS:
        candidate = segments[-1] if segments else ""
        if VIMEO_ID.match(candidate):
            return HostedVideo("vimeo", candidate)
    raise ValidationError(
        _("Alamat video harus video YouTube atau Vimeo, mis. https://www.youtube.com/watch?v=…"),
        code="video_url",
    )


def iso_duration(seconds: int | None) -> str | None:
    """ISO 8601 duration (schema.org `duration`): 95 -> 'PT1M35S'."""
    if not seconds:
        return None
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")
