"""The one near-duplicate detector: another publisher's rewrite of a story is the same
story; a series sharing a fixed opening is not; search's collapsing groups the rewrite."""

import pytest

from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.discovery import duplicates
from warta.discovery.tests import duplicate_texts as t

DAY = 20_000.0  # days since the epoch; only differences matter


def test_cross_publisher_rewrite_is_the_same_story():
    wire = duplicates.fingerprint(t.FLOOD_TITLE, t.FLOOD, DAY)
    rewrite = duplicates.fingerprint(t.FLOOD_REWRITE_TITLE, t.FLOOD_REWRITE, DAY + 0.1)
    assert duplicates.text.jaccard(wire.sketch, rewrite.sketch) < 0.3  # few exact phrases
    assert duplicates.same_story(wire, rewrite)
    assert duplicates.same_story(rewrite, wire)


def test_series_with_a_fixed_opening_is_not_the_same_story():
    one = duplicates.fingerprint(t.COLUMN_ONE_TITLE, t.COLUMN_ONE, DAY)
    two = duplicates.fingerprint(t.COLUMN_TWO_TITLE, t.COLUMN_TWO, DAY + 1)
    assert duplicates.text.jaccard(one.sketch, two.sketch) > 0.4  # the shared introduction
    assert not duplicates.same_story(one, two)


def test_unrelated_stories_and_a_late_follow_up_are_not_copies():
    wire = duplicates.fingerprint(t.FLOOD_TITLE, t.FLOOD, DAY)
    column = duplicates.fingerprint(t.COLUMN_ONE_TITLE, t.COLUMN_ONE, DAY)
    assert duplicates.similarity(wire, column) < 0.1
    weeks_later = duplicates.fingerprint(t.FLOOD_REWRITE_TITLE, t.FLOOD_REWRITE, DAY + 21)
    assert not duplicates.same_story(wire, weeks_later)


def test_identical_text_under_a_new_headline_is_the_same_story():
    wire = duplicates.fingerprint(t.FLOOD_TITLE, t.FLOOD, DAY)
    retitled = duplicates.fingerprint("Sukamaju Dilanda Banjir", t.FLOOD, DAY + 3)
    assert duplicates.same_story(wire, retitled)


def test_fingerprints_stored_before_the_stems_compare_the_old_way():
    old = duplicates.Fingerprint("banjir di sukamaju", [1, 2, 3])
    new = duplicates.fingerprint("Banjir di Sukamaju", t.FLOOD, DAY)
    assert duplicates.similarity(old, new) == 1.0  # same headline
    assert duplicates.similarity(old, duplicates.Fingerprint("lain", [7, 8, 9])) == 0.0


@pytest.mark.django_db
def test_collapse_groups_a_rewrite_under_the_first_result(
    channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wire = ArticlePageFactory(parent=channel, title=t.FLOOD_TITLE, body=paragraph_body(t.FLOOD))
        column = ArticlePageFactory(
            parent=channel, title=t.COLUMN_ONE_TITLE, body=paragraph_body(t.COLUMN_ONE)
        )
        rewrite = ArticlePageFactory(
            parent=channel, title=t.FLOOD_REWRITE_TITLE, body=paragraph_body(t.FLOOD_REWRITE)
        )
    assert wire.profile.story_terms["h"]  # the stems are stored with the profile
    assert duplicates.collapse([wire.pk, column.pk, rewrite.pk]) == [
        (wire.pk, [rewrite.pk]),
        (column.pk, []),
    ]


def test_the_early_exit_never_passes_over_a_near_copy(settings):
    """A copy with a new first paragraph shares little lead and no headline, so the bound
    from headlines and leads is low; its phrases make it the same story all the same."""
    settings.WARTA_DUPLICATE_THRESHOLD = 0.8
    report = duplicates.fingerprint("Pendataan Ulang Selesai", t.LONG_REPORT, DAY)
    copy = duplicates.fingerprint(
        "Hasil Kerja Relawan Dua Pekan", t.NEW_FIRST_PARAGRAPH + t.LONG_REPORT, DAY
    )
    assert len(report.heads[1] & copy.heads[1]) < len(report.heads[1]) // 2
    assert duplicates.similarity(report, copy) >= 0.9
    assert duplicates.same_story(report, copy)
    assert duplicates.same_story(copy, report)


def test_the_early_exit_agrees_with_the_score_on_the_test_stories():
    texts = [
        (t.FLOOD_TITLE, t.FLOOD),
        (t.FLOOD_REWRITE_TITLE, t.FLOOD_REWRITE),
        (t.COLUMN_ONE_TITLE, t.COLUMN_ONE),
        (t.COLUMN_TWO_TITLE, t.COLUMN_TWO),
        ("Pendataan Ulang Selesai", t.LONG_REPORT),
        ("Hasil Kerja Relawan", t.NEW_FIRST_PARAGRAPH + t.LONG_REPORT),
    ]
    prints = [duplicates.fingerprint(title, body, DAY + n) for n, (title, body) in enumerate(texts)]
    for a in prints:
        for b in prints:
            for cut in (0.3, 0.5, 0.7, 0.9):
                if duplicates._cannot_match(a, b, cut):
                    assert duplicates.similarity(a, b) < cut


def test_a_copy_filed_again_months_later_is_still_the_same_story():
    """Far apart in time the model cannot reach the cut (`_dated_bound`): only the phrases
    can still make two stories one, and a word-for-word copy does."""
    wire = duplicates.fingerprint(t.FLOOD_TITLE, t.FLOOD, DAY)
    again = duplicates.fingerprint("Sukamaju Dilanda Banjir", t.FLOOD, DAY + 90)
    rewrite = duplicates.fingerprint(t.FLOOD_REWRITE_TITLE, t.FLOOD_REWRITE, DAY + 90)
    assert duplicates._dated_bound(wire, again) < duplicates.duplicate_threshold()
    assert duplicates.same_story(wire, again)
    assert not duplicates.same_story(wire, rewrite)  # same news, reworded: a week is too late


def test_the_dated_bound_is_never_below_the_score():
    texts = [
        (t.FLOOD_TITLE, t.FLOOD),
        (t.FLOOD_REWRITE_TITLE, t.FLOOD_REWRITE),
        (t.FLOOD_TITLE, t.FLOOD_REWRITE),
        (t.COLUMN_ONE_TITLE, t.COLUMN_ONE),
        (t.COLUMN_TWO_TITLE, t.COLUMN_TWO),
        ("Pendataan Ulang Selesai", t.LONG_REPORT),
    ]
    for gap in (0.0, 1.0, 2.5, 4.0, 6.0, 8.0, 30.0):
        early = [duplicates.fingerprint(title, body, DAY) for title, body in texts]
        late = [duplicates.fingerprint(title, body, DAY + gap) for title, body in texts]
        for a in early:
            for b in late:
                score = duplicates._score(duplicates.features(a, b))
                # The bound leaves out only the phrase copy, which `_bounded` checks apart.
                if duplicates.features(a, b)["phrases_overlap"] < duplicates.COPY:
                    assert duplicates._dated_bound(a, b) >= score - 1e-12
