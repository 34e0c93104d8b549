"""`{% srcset_image %}` as Wagtail's, less the duplicate widths it lists when the original is
narrower than the larger renditions (Wagtail does not upscale: a 320 px photo gives three
320 px renditions, and `srcset="a 320w, b 320w"` is invalid HTML, and so is `sizes` once one
width is left). Load this library after `wagtailimages_tags` so its `srcset_image` takes the
place of Wagtail's."""

from django import template
from wagtail.images.models import ResponsiveImage
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import SrcsetImageNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

register = template.Library()


def distinct_widths(renditions: dict) -> dict:
    """The renditions with the first of each width kept, in their order."""
    seen: set[int] = set()
    kept = {}
    for spec, rendition in renditions.items():
        if rendition.width not in seen:
            seen.add(rendition.width)
            kept[spec] = rendition
    return kept


class DistinctWidthsSrcsetNode(SrcsetImageNode):
    def render(self, context) -> str:
        image = self.validate_image(context)
        if not image:
            return ""
        renditions = distinct_widths(get_renditions_or_not_found(image, self.get_filters()))
        if self.output_var_name:
            context[self.output_var_name] = ResponsiveImage(renditions)
            return ""
        attrs = {key: value.resolve(context) for key, value in self.attrs.items()}
        if len(renditions) == 1:
            attrs.pop("sizes", None)  # `sizes` without `srcset` is invalid HTML
        return ResponsiveImage(renditions, attrs).__html__()


@register.tag("srcset_image")
def srcset_image(parser, token) -> DistinctWidthsSrcsetNode:
    node = parse_image_tag(parser, token)
    node.__class__ = DistinctWidthsSrcsetNode
    return node
