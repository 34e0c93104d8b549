"""The image sizes article pages and cards use, in one place for templates and pre-generation."""

HERO_RENDITIONS = ("fill-480x270", "fill-800x450", "fill-1200x675")
CARD_RENDITIONS = ("fill-480x270",)
ALL_RENDITIONS = tuple(dict.fromkeys(HERO_RENDITIONS + CARD_RENDITIONS))
