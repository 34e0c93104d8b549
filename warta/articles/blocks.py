from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("kutipan"))
    speaker = blocks.CharBlock(label=_("narasumber"), required=False)
    source = blocks.CharBlock(
        label=_("dikutip dari"), required=False, help_text=_("Media asal kutipan, mis. Reuters.")
    )

    class Meta:
        icon = "openquote"
        template = "articles/blocks/quote.html"
        label = _("Kutipan")


class BodyImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(label=_("keterangan"), required=False)
    credit = blocks.CharBlock(
        label=_("kredit"), required=False, help_text=_("Kosongkan untuk memakai kredit gambar.")
    )

    class Meta:
        icon = "image"
        template = "articles/blocks/image.html"
        label = _("Gambar")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=_("Paragraf"))
    subheading = blocks.CharBlock(
        label=_("Subjudul"), template="articles/blocks/subheading.html", icon="h2"
    )
    quote = QuoteBlock()
    image = BodyImageBlock()
    embed = EmbedBlock(label=_("Sematan"), template="articles/blocks/embed.html")
    page_break = blocks.StaticBlock(
        label=_("Pemisah halaman"),
        admin_text=_("Halaman berikutnya dimulai di sini (/2/, /3/ …; /all/ memuat semuanya)."),
        icon="horizontalrule",
    )
