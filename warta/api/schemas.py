from datetime import datetime

from ninja import Schema


class AuthorOut(Schema):
    name: str
    slug: str
    url: str
    job_title: str
    bio: str


class TopicOut(Schema):
    name: str
    slug: str
    url: str


class ImageOut(Schema):
    url: str
    width: int
    height: int
    alt: str
    credit: str
    licence: str


class GalleryPhotoOut(Schema):
    position: int
    url: str  # the photo's own page
    image: ImageOut
    caption: str


class VideoOut(Schema):
    provider: str | None  # "YouTube", "Vimeo", or None for an uploaded file
    embed_url: str | None  # the privacy-enhanced player
    watch_url: str | None
    content_url: str | None  # an uploaded file
    duration_seconds: int | None


class LivePostOut(Schema):
    id: int
    posted_at: datetime
    title: str
    text: str  # plain text
    html: str  # the post as the story's page shows it
    pinned: bool
    key_event: bool
    corrected_at: datetime | None
    correction_note: str
    author: str | None
    url: str  # the post's own address: the story's, with #post-<id>


class LiveOut(Schema):
    status: str  # "upcoming", "live" or "finished"
    coverage_start: datetime | None
    coverage_end: datetime | None
    version: int  # raised by every change to the posts
    updates_url: str  # what the story's readers poll (warta.live.views.updates)
    posts: list[LivePostOut]  # the latest visible posts, newest first


class ArticleOut(Schema):
    id: int
    kind: str  # "article", "gallery", "video" or "live"
    guid: str
    title: str
    summary: str
    url: str
    site: str
    channel: str | None
    dateline: str
    published_at: datetime
    updated_at: datetime | None
    authors: list[AuthorOut]
    editor: str | None
    topics: list[str]
    image: ImageOut | None


class ArticleDetailOut(ArticleOut):
    body_text: str
    corrections: list[dict]
    gallery: list[GalleryPhotoOut] | None = None
    video: VideoOut | None = None
    live: LiveOut | None = None


class ChannelOut(Schema):
    id: int
    title: str
    slug: str
    url: str
    site: str
    parent_id: int | None


class SiteOut(Schema):
    id: int
    name: str
    hostname: str
    url: str
    time_zone: str
    is_national: bool


class Page(Schema):
    next_cursor: str | None


class ArticlePage(Page):
    items: list[ArticleOut]


class ChannelList(Page):
    items: list[ChannelOut]


class SiteList(Page):
    items: list[SiteOut]


class AuthorList(Page):
    items: list[AuthorOut]


class TopicList(Page):
    items: list[TopicOut]


class ErrorOut(Schema):
    detail: str
