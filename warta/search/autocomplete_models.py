"""The prefix index behind the search box's suggestions ("saran"): one row per published
story and per topic of a site, and one row per word of it. Derived data, kept by
`warta.search.autocomplete_index` on publish, unpublish, move and delete, rebuilt by
`warta rebuild_autocomplete`; read by `warta.search.autocomplete`."""

from __future__ import annotations

from django.db import models


class Suggestion(models.Model):
    """A headline (its story's own site) or a topic (a tag with published stories on a site),
    as a reader's search box offers it. `object_id` is the story's page id or the tag's id,
    not a foreign key: one table holds both kinds, and receivers keep it (a padded benchmark
    index needs no pages behind it either)."""

    STORY = 1
    TOPIC = 2
    KINDS = ((STORY, "story"), (TOPIC, "topic"))

    # Indexed as the first column of `suggestion_best`.
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.PositiveSmallIntegerField(choices=KINDS)
    object_id = models.PositiveIntegerField()
    label = models.CharField(max_length=255)  # the headline or topic name as shown
    url = models.CharField(max_length=512)  # path on its site, without /r/<slug>, /en, /lite
    # Normalised words (lower case, accents off), single spaces, one space either side: a
    # word test is LIKE '% word %', a prefix test LIKE '% pre%'.
    text = models.CharField(max_length=600)
    # Stories: first publication (epoch seconds), newest first; topics: published stories.
    weight = models.BigIntegerField()
    # Stories: the topics (tag ids) it was counted under at its last publish, "1,5,9", so a
    # tag taken off a story is counted again.
    topic_ids = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "object_id"], name="suggestion_once_per_site"
            )
        ]
        indexes = [
            models.Index(fields=["site", "kind", "-weight", "-id"], name="suggestion_best"),
            models.Index(fields=["kind", "object_id"], name="suggestion_object"),
        ]

    def __str__(self) -> str:
        return self.label


class SuggestionWord(models.Model):
    """One normalised word of a suggestion (site, kind and weight copied, so a word's best
    suggestions are one index range of (site, kind, word, weight), read without the table)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="words")
    site_id = models.PositiveIntegerField()
    kind = models.PositiveSmallIntegerField()
    word = models.CharField(max_length=40)
    weight = models.BigIntegerField()

    class Meta:
        indexes = [
            # SQLite ranges by byte order; PostgreSQL's LIKE 'pre%' needs the pattern opclass
            # whatever the database's collation (ignored on SQLite).
            models.Index(
                fields=["site_id", "kind", "word", "-weight", "suggestion"],
                name="suggestion_word_prefix",
                opclasses=["", "", "varchar_pattern_ops", "", ""],
            ),
        ]

    def __str__(self) -> str:
        return self.word
