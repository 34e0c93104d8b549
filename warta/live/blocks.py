"""What a live post may hold: text, a photo with its credit, a quote, an embed, a video. The
story's own blocks where they fit (the same templates render them)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from warta.articles.blocks import PARAGRAPH_FEATURES, BodyImageBlock, QuoteBlock


class LiveVideoBlock(blocks.StructBlock):
    """A YouTube/Vimeo address, played privacy-enhanced on tap (articles.video)."""

    url = blocks.URLBlock(label=_("alamat video YouTube/Vimeo"))
    caption = blocks.CharBlock(label=_("keterangan"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")


class LivePostBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=_("Paragraf"))
    image = BodyImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Sematan"), template="articles/blocks/embed.html")
    video = LiveVideoBlock()
