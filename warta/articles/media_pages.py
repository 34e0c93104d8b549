"""Gallery and video stories: story types that are `ArticlePage`s (multi-table subclasses), so
every list, feed, sitemap, search and the API that shows a story shows them, with one more
table each for what they add. Imported at the end of `articles.models` (Django finds models
there); registered as story types in `ArticlesConfig.ready`.

- `GalleryPage`: ordered photos (`GalleryPhoto`) with caption and credit; each photo has its
  own address `<story>/foto/<n>/` (a path, so the page cache keeps it like any story page).
- `VideoPage`: a YouTube/Vimeo address played privacy-enhanced, or an uploaded file with the
  hero photo as its poster frame."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.models import Orderable

from warta.articles.comments import with_comment_flag
from warta.articles.models import ArticlePage
from warta.articles.video import HostedVideo, parse_video_url

VIDEO_EXTENSIONS = ("mp4", "webm")
VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}
MAX_GALLERY_PHOTOS = 60


class GalleryPhoto(Orderable):
    """One photo of a gallery, in order; its caption and credit belong to this use of it."""

    page = ParentalKey(
        "articles.GalleryPage", related_name="gallery_photos", on_delete=models.CASCADE
    )
    image = models.ForeignKey(
        "core.WartaImage", verbose_name=_("foto"), on_delete=models.PROTECT, related_name="+"
    )
    caption = models.CharField(_("keterangan"), max_length=400, blank=True)
    credit = models.CharField(
        _("kredit"),
        max_length=120,
        blank=True,
        help_text=_("Kosongkan untuk memakai kredit gambar."),
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("credit")]

    class Meta(Orderable.Meta):
        verbose_name = _("foto galeri")
        verbose_name_plural = _("foto galeri")

    @property
    def credit_line(self) -> str:
        return self.credit or self.image.credit_line


class StoryPanels:
    """A story type's `content_panels`: ArticlePage's, read when Wagtail builds the form (so
    what apps add to them in `ready()`, e.g. the newsroom's gate checklist and photo upload,
    is there too), with this type's own panels after the summary. Not a copy: a change to
    ArticlePage's panels is a change to every story type's."""

    def __init__(self, *panels, after: str = "summary") -> None:
        self.panels = panels
        self.after = after

    def __get__(self, instance, owner) -> list:
        base = list(ArticlePage.content_panels)
        at = next(i for i, p in enumerate(base) if getattr(p, "field_name", "") == self.after)
        return [*base[: at + 1], *self.panels, *base[at + 1 :]]


class GalleryPage(ArticlePage):
    """A photo story: the photos first, swiped on a phone; the body is the text around them."""

    content_panels = StoryPanels(
        InlinePanel(
            "gallery_photos",
            label=_("Foto"),
            heading=_("Foto galeri"),
            min_num=2,
            max_num=MAX_GALLERY_PHOTOS,
            help_text=_(
                "Urutan di sini urutan di halaman. Foto pertama jadi foto utama bila kosong."
            ),
        )
    )
    template = "articles/gallery_page.html"

    class Meta:
        verbose_name = _("galeri foto")
        verbose_name_plural = _("galeri foto")

    @classmethod
    def route_queryset(cls):
        return with_comment_flag(cls.objects.select_related("hero_image", "editor", "channel"))

    def photos_in_order(self) -> list[GalleryPhoto]:
        return sorted(self.gallery_photos.all(), key=lambda p: p.sort_order or 0)

    def _first_photo_as_hero(self) -> None:
        # Cards, feeds and sharing show the hero photo: a gallery's is its first photo unless
        # the editor chose another.
        if self.hero_image_id is None:
            photos = self.photos_in_order()
            if photos and photos[0].image_id:
                self.hero_image_id = photos[0].image_id
                if not self.hero_caption:
                    self.hero_caption = photos[0].caption

    def clean(self) -> None:
        self._first_photo_as_hero()
        super().clean()

    def save(self, *args, **kwargs):
        self._first_photo_as_hero()
        return super().save(*args, **kwargs)

    @re_path(r"^foto/(?P<number>[0-9]{1,3})/$")
    def photo_page(self, request: HttpRequest, number: str) -> HttpResponse:
        """The story with photo `number` in focus: its own title, image and canonical URL."""
        if number != str(int(number)):
            return redirect(f"{self.get_url(request)}foto/{int(number)}/", permanent=True)
        return self._render_gallery(request, focus=int(number))

    @path("")
    def first_page(self, request: HttpRequest) -> HttpResponse:
        return self._render_gallery(request, focus=None)

    def _render_gallery(self, request: HttpRequest, *, focus: int | None) -> HttpResponse:
        # get_context runs before render's overrides apply: the focus goes on the request.
        request._warta_photo_focus = focus  # type: ignore[attr-defined]
        blocks = list(self.body)
        overrides = {
            "body_blocks": [b for b in blocks if b.block_type != "page_break"],
            "part_number": None,
            "part_count": 1,
        }
        return self.render(request, context_overrides=overrides)

    def get_canonical_url(self, request: HttpRequest | None = None) -> str:
        # One address for the whole gallery: page breaks do not split it.
        return self.get_full_url()

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from warta.articles import media_queries  # it imports this module

        context = super().get_context(request, *args, **kwargs)
        focus = getattr(request, "_warta_photo_focus", None)
        context.update(media_queries.gallery_context(self, request, context, focus=focus))
        return context


def video_upload_to(instance: VideoPage, filename: str) -> str:
    return f"videos/{filename}"


class VideoPage(ArticlePage):
    """A video story: a YouTube/Vimeo address or an uploaded file; the hero photo is the
    poster readers see (and tap) before any player loads."""

    video_url = models.URLField(
        _("alamat video YouTube/Vimeo"),
        blank=True,
        help_text=_("Diputar dalam mode privasi (youtube-nocookie.com, Vimeo dnt=1)."),
    )
    video_file = models.FileField(
        _("berkas video"),
        upload_to=video_upload_to,
        blank=True,
        validators=[FileExtensionValidator(list(VIDEO_EXTENSIONS))],
        help_text=_("MP4 atau WebM; isi ini atau alamat video, tidak keduanya."),
    )
    duration_seconds = models.PositiveIntegerField(
        _("durasi (detik)"), null=True, blank=True, help_text=_("Bila diketahui, mis. 95.")
    )

    content_panels = StoryPanels(
        MultiFieldPanel(
            [FieldPanel("video_url"), FieldPanel("video_file"), FieldPanel("duration_seconds")],
            heading=_("Video"),
            help_text=_("Foto utama dipakai sebagai poster video."),
        )
    )
    template = "articles/video_page.html"

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("video")

    @classmethod
    def route_queryset(cls):
        return with_comment_flag(cls.objects.select_related("hero_image", "editor", "channel"))

    @property
    def hosted(self) -> HostedVideo | None:
        if not self.video_url:
            return None
        try:
            return parse_video_url(self.video_url)
        except ValidationError:
            return None

    @property
    def file_type(self) -> str:
        extension = self.video_file.name.rsplit(".", 1)[-1].lower() if self.video_file else ""
        return VIDEO_TYPES.get(extension, "video/mp4")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if bool(self.video_url) == bool(self.video_file):
            errors["video_url"] = [_("Isi alamat video atau unggah berkas video (salah satu).")]
        elif self.video_url:
            try:
                parse_video_url(self.video_url)
            except ValidationError as error:
                errors["video_url"] = error.messages
        if self.hero_image_id is None:
            errors["hero_image"] = [_("Video perlu foto utama sebagai poster.")]
        if errors:
            raise ValidationError(errors)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from warta.articles import media_queries  # it imports this module

        context = super().get_context(request, *args, **kwargs)
        context.update(media_queries.video_context(self, request, context))
        return context
