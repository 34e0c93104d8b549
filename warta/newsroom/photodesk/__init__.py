"""The photo desk in Wagtail's image library: filters by photographer, agency, licence and
upload date (`filters`), which stories use a photo, told by the tenant rule (`queries`), and
a second upload of the same photo recognised (`views`, with `core.media.duplicates`)."""
