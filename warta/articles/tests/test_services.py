from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.models import Page, PageLogEntry

from warta.articles.models import ArticleAuthor, ArticlePage, Listing
from warta.articles.services import create_story, update_story
from warta.articles.tests.factories import AuthorFactory
from warta.channels.models import ChannelPage
from warta.core.sites import pages

pytestmark = pytest.mark.django_db

ARCHIVE_DATE = datetime(2019, 3, 4, 5, 6, tzinfo=UTC)


def unsaved_story(title: str = "Banjir rob di pesisir utara") -> ArticlePage:
    story = ArticlePage(title=title, slug="banjir-rob", summary="Air laut naik.")
    story.bylines.add(ArticleAuthor(author=AuthorFactory(name="Anisa Putri"), sort_order=0))
    return story


def stored(story: Page) -> ArticlePage:
    return ArticlePage.objects.get(pk=story.pk)


def actions(story: Page) -> list[str]:
    return list(
        PageLogEntry.objects.filter(page=story).order_by("pk").values_list("action", flat=True)
    )


def test_a_draft_stays_unpublished_with_one_revision(channel):
    story = create_story(unsaved_story(), parent=channel)
    saved = stored(story)
    assert saved.get_parent().pk == channel.pk
    assert not saved.live and saved.live_revision is None and saved.first_published_at is None
    assert saved.has_unpublished_changes
    assert saved.revisions.count() == 1 and saved.latest_revision is not None
    assert saved.latest_revision.as_object().bylines.get().author.name == "Anisa Putri"
    assert not Listing.objects.filter(article=saved).exists()
    assert actions(saved) == ["wagtail.create"]  # Wagtail's own; no edit entry unless asked


def test_a_page_constructed_live_still_starts_as_a_draft(channel):
    story = unsaved_story()
    assert story.live  # Wagtail's default for a new page
    create_story(story, parent=channel)
    assert not stored(story).live


def test_publish_makes_it_live_now_with_first_published_at(channel):
    before = timezone.now()
    story = create_story(unsaved_story(), parent=channel, publish=True)
    saved = stored(story)
    assert saved.live and not saved.has_unpublished_changes
    assert saved.revisions.count() == 1 and saved.live_revision == saved.latest_revision
    assert before <= saved.first_published_at <= timezone.now()
    assert story.live and story.first_published_at == saved.first_published_at  # refreshed
    assert Listing.objects.filter(article=saved, own=True).exists()
    assert actions(saved) == ["wagtail.create", "wagtail.publish"]


def test_the_user_is_recorded_on_the_revision_the_owner_and_the_history(channel, editor):
    story = create_story(unsaved_story(), parent=channel, user=editor, log_action=True)
    saved = stored(story)
    assert saved.latest_revision.user == editor
    assert saved.owner == editor
    entries = PageLogEntry.objects.filter(page=saved).order_by("pk")
    assert [(e.action, e.user, e.revision) for e in entries] == [
        ("wagtail.create", editor, None),
        ("wagtail.edit", editor, saved.latest_revision),
    ]


def test_publishing_as_a_user_needs_their_publish_permission(channel, editor):
    with pytest.raises(PublishPermissionError):
        create_story(unsaved_story(), parent=channel, user=editor, publish=True)
    assert not ArticlePage.objects.exists()  # one transaction: no half-made story


def test_publishing_as_a_user_who_may_records_them(channel, django_user_model):
    chief = django_user_model.objects.create_superuser("chief", "chief@warta.localhost", "pw")
    story = create_story(unsaved_story(), parent=channel, user=chief, publish=True)
    entry = PageLogEntry.objects.get(page=story, action="wagtail.publish")
    assert entry.user == chief and stored(story).live_revision.user == chief


def test_go_live_at_schedules_rather_than_publishes(channel):
    later = timezone.now() + timedelta(days=2)
    story = create_story(unsaved_story(), parent=channel, publish=True, go_live_at=later)
    saved = stored(story)
    assert not saved.live and saved.first_published_at is None
    assert saved.go_live_at == later
    assert saved.revisions.count() == 1
    assert saved.latest_revision.approved_go_live_at == later  # the worker publishes it then
    assert not Listing.objects.filter(article=saved).exists()
    assert actions(saved) == ["wagtail.create", "wagtail.publish.schedule"]


def test_go_live_at_without_publish_only_stores_it_on_the_draft(channel):
    later = timezone.now() + timedelta(days=2)
    saved = stored(create_story(unsaved_story(), parent=channel, go_live_at=later))
    assert not saved.live and saved.go_live_at == later
    assert saved.latest_revision.approved_go_live_at is None  # not scheduled


def test_first_published_at_backdates_both_dates_and_the_lists(channel):
    story = create_story(
        unsaved_story(), parent=channel, publish=True, first_published_at=ARCHIVE_DATE
    )
    saved = stored(story)
    assert saved.live
    assert (saved.first_published_at, saved.last_published_at) == (ARCHIVE_DATE, ARCHIVE_DATE)
    assert story.first_published_at == ARCHIVE_DATE
    assert Listing.objects.get(article=saved, own=True).published_at == ARCHIVE_DATE


@pytest.mark.parametrize(
    "arguments",
    [{}, {"publish": True, "go_live_at": datetime(2040, 1, 1, tzinfo=UTC)}],
    ids=["draft", "scheduled"],
)
def test_first_published_at_needs_a_story_published_now(channel, arguments):
    with pytest.raises(ValueError, match="first_published_at"):
        create_story(unsaved_story(), parent=channel, first_published_at=ARCHIVE_DATE, **arguments)
    assert not ArticlePage.objects.exists()


def test_any_registered_story_type_goes_through_it(channel, monkeypatch):
    """Nothing assumes ArticlePage: a later story type (a live story, a gallery) registered in
    core.sites.pages goes through the same function."""
    monkeypatch.setattr(pages, "STORY_TYPES", [*pages.STORY_TYPES, Page])
    page = create_story(
        Page(title="Siaran langsung", slug="siaran-langsung"),
        parent=channel,
        publish=True,
        first_published_at=ARCHIVE_DATE,
    )
    saved = Page.objects.get(pk=page.pk)
    assert saved.live and saved.first_published_at == ARCHIVE_DATE
    assert type(page) is Page


def test_a_page_that_is_not_a_story_type_is_refused(channel):
    with pytest.raises(TypeError, match="ChannelPage is not a story type"):
        create_story(ChannelPage(title="Bisnis", slug="bisnis"), parent=channel)
    assert not ChannelPage.objects.filter(slug="bisnis").exists()


def test_update_story_without_publish_leaves_the_live_version_live(channel):
    story = create_story(unsaved_story(), parent=channel, publish=True)
    story.title = "Banjir rob meluas"
    update_story(story)
    saved = stored(story)
    assert saved.live and saved.has_unpublished_changes
    assert saved.title == "Banjir rob di pesisir utara"  # the live version
    assert saved.revisions.count() == 2
    assert saved.latest_revision.as_object().title == "Banjir rob meluas"


def test_update_story_publish_backdates_only_the_first_publication(channel):
    story = create_story(unsaved_story(), parent=channel, publish=True)
    story.title = "Banjir rob meluas"
    before = timezone.now()
    update_story(story, publish=True, first_published_at=ARCHIVE_DATE)
    saved = stored(story)
    assert saved.title == "Banjir rob meluas" and not saved.has_unpublished_changes
    assert saved.first_published_at == ARCHIVE_DATE
    assert saved.last_published_at >= before


def test_update_story_can_schedule_a_draft(channel):
    story = create_story(unsaved_story(), parent=channel)
    later = timezone.now() + timedelta(hours=3)
    update_story(story, publish=True, go_live_at=later)
    saved = stored(story)
    assert not saved.live and saved.go_live_at == later
    assert saved.latest_revision.approved_go_live_at == later
