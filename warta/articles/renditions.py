"""The image sizes article pages and cards use, in one place for templates and pre-generation."""

HERO_RENDITIONS = ("fill-480x270", "fill-800x450", "fill-1200x675")
# Cards: 240 px for the phone thumbnail (112 CSS px at up to 2x), 480 px for grid cells.
CARD_RENDITIONS = ("fill-240x135", "fill-480x270")
SEARCH_RENDITION = "fill-240x160"
# Feed enclosures and the API's card image: one size that reads well in any reader.
FEED_RENDITION = "fill-480x270"
ALL_RENDITIONS = tuple(dict.fromkeys((*HERO_RENDITIONS, *CARD_RENDITIONS, SEARCH_RENDITION)))
# Gallery photos keep their shape (portrait or landscape) inside a 4:3 frame.
GALLERY_RENDITIONS = ("max-480x360", "max-800x600", "max-1200x900")
GALLERY_LARGE = GALLERY_RENDITIONS[-1]  # structured data, og:image of a photo's page, sitemap
