"""The demo's story kits: headlines of one kit are different news on one topic (related, not
copies), and a headline filed twice is the same story."""

import random

from warta.demo.stories import KITS, REGIONAL_KITS, make_story
from warta.discovery import duplicates


def _kits():
    return [kit for kits in KITS.values() for kit in kits] + list(REGIONAL_KITS)


def test_a_kit_with_leads_has_one_per_headline():
    with_leads = [kit for kit in _kits() if kit.leads]
    assert with_leads, "the North Korea kit gives each headline its own lead"
    for kit in with_leads:
        assert len(kit.leads) == len(kit.headlines), kit.topic


def _korea_stories(count: int) -> dict[str, list]:
    """Fingerprints of the demo's North Korea stories by headline (the seed story's topic)."""
    found: dict[str, list] = {}
    rng = random.Random(7)
    while sum(len(v) for v in found.values()) < count:
        story = make_story(rng, "internasional")
        if story.kit_topic != "Korea Utara":
            continue
        body = "\n\n".join(story.paragraphs)
        print_ = duplicates.fingerprint(story.title, body, 20000.0)
        found.setdefault(story.title, []).append((story, print_))
    return found


def test_the_north_korea_headlines_are_related_news_not_copies_of_one_story():
    stories = _korea_stories(9)
    assert len(stories) == 3
    titles = list(stories)
    for i, a in enumerate(titles):
        for b in titles[i + 1 :]:
            assert not duplicates.same_story(stories[a][0][1], stories[b][0][1]), (a, b)
        for (story, _), (other, _) in zip(stories[a], stories[a][1:], strict=False):
            assert story.paragraphs[0] == other.paragraphs[0]  # a headline keeps its lead
    refiled = next(v for v in stories.values() if len(v) > 1)
    assert duplicates.same_story(refiled[0][1], refiled[1][1])


def _template_index(kit, paragraph: str) -> int:
    for n, template in enumerate(kit.paragraphs):
        if paragraph.startswith(template.split("{")[0]):
            return n
    raise AssertionError(paragraph)


def test_a_story_keeps_its_lead_first_and_the_rest_in_its_own_order():
    rng = random.Random(3)
    kits = {kit.topic: kit for kit in KITS["nasional"]}
    reordered = 0
    for _ in range(60):
        story = make_story(rng, "nasional")
        kit = kits[story.kit_topic]
        assert story.summary.rstrip(".") in story.paragraphs[0]
        assert _template_index(kit, story.paragraphs[0]) == 0
        order = [_template_index(kit, p) for p in story.paragraphs[1:]]
        assert sorted(order) == list(range(1, len(kit.paragraphs)))
        reordered += order != sorted(order)
    assert reordered > 20  # shuffled (it was a no-op on a copy of the list)
