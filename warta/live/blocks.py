"""What a live post may hold: text, a photo with its credit, a quote, an embed, a video. The
story's own blocks where they fit (the same templates render them)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock

from warta.articles.blocks import PARAGRAPH_FEATURES, BodyImageBlock, QuoteBlock
from warta.articles.video import parse_video_url


class LiveVideoBlock(blocks.StructBlock):
    """A YouTube/Vimeo address, played privacy-enhanced on tap (articles.video, video.js): a
    link until the reader taps it, so no request goes to the video host before."""

    url = blocks.URLBlock(label=_("alamat video YouTube/Vimeo"))
    caption = blocks.CharBlock(label=_("keterangan"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "live/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_video_url(value["url"])
        except ValidationError as error:
            raise StructBlockValidationError(block_errors={"url": error}) from error
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        try:
            context["video"] = parse_video_url(value["url"])
        except ValidationError:
            context["video"] = None
        return context


class LivePostBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=_("Paragraf"))
    image = BodyImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Sematan"), template="articles/blocks/embed.html")
    video = LiveVideoBlock()
