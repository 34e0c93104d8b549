"""Search's tables. The autocomplete prefix index is in `autocomplete_models`. The search
vocabulary: the words of each site's published stories, for "Mungkin maksud Anda" suggestions
and for naming the words no story has. Only published stories add words, so a draft's words
never reach a reader (`warta.search.services.record_story_words`)."""

from __future__ import annotations

from django.db import models

from warta.search.autocomplete_models import Suggestion, SuggestionWord

__all__ = ["SearchWord", "StoryWords", "Suggestion", "SuggestionWord", "VocabularyVersion"]


class SearchWord(models.Model):
    """A word as written (lowercase) and its stem, with the number of the site's published
    stories that contain it."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    stem = models.CharField(max_length=40)
    word = models.CharField(max_length=40)
    stories = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "stem", "word"], name="search_word_unique")
        ]

    def __str__(self) -> str:
        return f"{self.word} ({self.stem}): {self.stories}"


class StoryWords(models.Model):
    """What one published story added to its site's vocabulary ({stem: word}), so an edit,
    an unpublish or a deletion takes exactly that back."""

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    words = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.page_id}: {len(self.words)} words"


class VocabularyVersion(models.Model):
    """Bumped on every change to a site's vocabulary: each process rebuilds its in-memory
    suggestion index when the version it built from is stale."""

    site = models.OneToOneField(
        "wagtailcore.Site", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.site_id}: {self.version}"
