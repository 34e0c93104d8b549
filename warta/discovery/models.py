from django.conf import settings
from django.db import models


class TermPosting(models.Model):
    """One of a story's strongest stems, with its TF weight: the inverted index that finds
    candidates among 100,000 stories with one indexed query."""

    term = models.CharField(max_length=40)
    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="postings"
    )
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term", "article"])]
        constraints = [models.UniqueConstraint(fields=["article", "term"], name="one_posting")]

    def __str__(self) -> str:
        return f"{self.term}@{self.article_id}"


class ArticleProfile(models.Model):
    """What the ranking needs about a story, computed once per publish."""

    article = models.OneToOneField(
        "articles.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    vector = models.JSONField(default=dict)  # stem -> tf-idf weight, L2-normalised, top terms
    entities = models.JSONField(default=list)  # "Korea Utara", "Kim Jong Un", …
    title_key = models.CharField(max_length=255, db_index=True)  # normalised headline
    sketch = models.JSONField(default=list)  # MinHash of body shingles, for near-duplicates
    # Stems of headline and lead, hashed body stems, time: the rest of the fingerprint
    # (discovery.text.story_terms); {} for profiles indexed before it was kept.
    story_terms = models.JSONField(default=dict)
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.article_id}"


class StoryName(models.Model):
    """A name that recurs across published stories ("Kamala Harris", "Polda Metro Jaya"),
    offered as a tag when a new story names it. Rebuilt by `warta refresh_story_names`
    (`discovery.services.refresh_story_names`)."""

    name = models.CharField(max_length=100)
    key = models.CharField(max_length=100, unique=True)  # entities.key(name)
    stories = models.PositiveIntegerField()  # published stories naming it
    refreshed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.stories})"


class TopicSuggestion(models.Model):
    """A topic (tag) suggested for a published story from the names its text carries, kept
    until an editor decides: accepted (the story got the tag) or rejected (never offered for
    that story again). Computed on publish and by `warta suggest_topics`
    (`discovery.topics`), with the same finder as the editor's "Saran tag" panel."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    STATUSES = [(SUGGESTED, "suggested"), (ACCEPTED, "accepted"), (REJECTED, "rejected")]

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="topic_suggestions"
    )
    name = models.CharField(max_length=100)
    key = models.CharField(max_length=100)  # entities.key(name): one row per name and story
    kind = models.CharField(max_length=10)  # entities' source: topik, tempat, tokoh, baru …
    score = models.FloatField()
    status = models.CharField(max_length=10, choices=STATUSES, default=SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="one_topic_suggestion")
        ]
        indexes = [models.Index(fields=["status", "article"], name="topic_suggestion_status")]

    def __str__(self) -> str:
        return f"{self.name}@{self.article_id} ({self.status})"
