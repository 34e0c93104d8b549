"""'Baca juga' boxes inside the body (after the chosen paragraph, the editor's picks or the
related list, never the story itself or an unpublished one) and the share links under the
photo and at the foot of a story (plain links, WhatsApp first, no third-party script)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from warta.articles.baca_juga import (
    BacaJugaLinks,
    paragraph_ends,
    placements,
    with_baca_juga,
)
from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, paragraph_body

pytestmark = pytest.mark.django_db


def body_sequence(response) -> list[str]:
    """The body's top-level elements: 'p' for a paragraph, 'BJ:<headlines>' for a box."""
    body = BeautifulSoup(response.content, "html.parser").select_one(".article__body")
    sequence = []
    for element in body.find_all(recursive=False):
        if "baca-juga" in (element.get("class") or []):
            sequence.append("BJ:" + "|".join(a.get_text() for a in element.select("a")))
        else:
            sequence.append(element.name)
    return sequence


def story(channel, paragraphs: int, **kwargs):
    return ArticlePageFactory(
        parent=channel,
        tags=["Banjir"],
        body=paragraph_body(*(f"Paragraf {n}." for n in range(1, paragraphs + 1))),
        **kwargs,
    )


def pin(page, *targets):
    """The editor's picks, as the published page holds them (unvalidated: the form refuses a
    self-pick, but older rows and copies may hold one, and the page must still not show it)."""
    page.baca_juga_picks = [("article", target) for target in targets]
    page.save(update_fields=["baca_juga_picks"], clean=False)


# --- placement on rendered HTML (the function a lite edition calls too) --------------------


def test_only_top_level_paragraphs_count():
    html = (
        "<p>Satu</p><blockquote class='quote'><p>kutipan</p></blockquote>"
        "<figure><img src='x.jpg' alt=''><figcaption>foto</figcaption></figure>"
        "<p>Dua<br>baris</p >\n<ul><li><p>butir</p></li></ul><p>Tiga</p>"
    )
    ends = paragraph_ends(html)
    assert [html[:end].rsplit("<p>", 1)[1][:4] for end in ends] == ["Satu", "Dua<", "Tiga"]
    assert html[ends[1] - 5 : ends[1]] == "</p >"


def test_boxes_are_placed_in_one_pass_after_the_chosen_paragraphs():
    html = "".join(f"<p>{n}</p>" for n in range(1, 9))
    links = BacaJugaLinks(automatic=["A", "B", "C"])
    out = with_baca_juga(html, links, lambda stories: f"[{','.join(stories)}]")
    assert out == "<p>1</p><p>2</p>[A]<p>3</p><p>4</p><p>5</p>[B]<p>6</p><p>7</p><p>8</p>"


@pytest.mark.parametrize(
    ("links", "count", "expected"),
    [
        (BacaJugaLinks(automatic=["A", "B"]), 6, [(2, ["A"])]),  # not long: one box
        (BacaJugaLinks(automatic=["A", "B"]), 7, [(2, ["A"]), (5, ["B"])]),
        (BacaJugaLinks(automatic=["A"]), 9, [(2, ["A"])]),
        (BacaJugaLinks(automatic=["A", "B"]), 2, []),  # no text after it: the list is below
        (BacaJugaLinks(automatic=["A", "B"], paragraph=4), 9, [(4, ["A"]), (7, ["B"])]),
        (BacaJugaLinks(picks=["P", "Q"], paragraph=3), 9, [(3, ["P", "Q"])]),
        (BacaJugaLinks(picks=["P"], paragraph=10), 3, [(3, ["P"])]),  # short: at the end
        (BacaJugaLinks(), 9, []),
        (BacaJugaLinks(automatic=["A"]), 0, []),
    ],
)
def test_placement_rules(links, count, expected):
    assert placements(links, count) == expected


# --- on the article page ---------------------------------------------------------------


def test_automatic_box_after_paragraph_two_with_a_related_story(client, channel):
    related = ArticlePageFactory(parent=channel, title="Banjir susulan", tags=["Banjir"])
    page = story(channel, 4)
    response = client.get(page.url)
    assert body_sequence(response) == ["p", "p", "BJ:Banjir susulan", "p", "p"]
    link = BeautifulSoup(response.content, "html.parser").select_one(".baca-juga a")
    assert link["href"] == related.url  # on the reader's host: a path, not another host


def test_long_story_gets_a_second_box_after_paragraph_five(client, channel):
    for n in range(2):
        ArticlePageFactory(parent=channel, title=f"Terkait {n}", tags=["Banjir"])
    response = client.get(story(channel, 8).url)
    sequence = body_sequence(response)
    boxes = [i for i, item in enumerate(sequence) if item.startswith("BJ:")]
    assert boxes == [2, 6]  # after paragraph 2 and after paragraph 5
    assert sequence[2] != sequence[6]  # two different stories


def test_editor_picks_and_paragraph_override_the_automatic_box(client, channel):
    ArticlePageFactory(parent=channel, title="Otomatis", tags=["Banjir"])
    first = ArticlePageFactory(parent=channel, title='Pilihan "satu" & dua')
    second = ArticlePageFactory(parent=channel, title="Pilihan tiga")
    page = story(channel, 6, baca_juga_paragraph=4)
    pin(page, first, second)
    sequence = body_sequence(client.get(page.url))
    assert sequence == ["p"] * 4 + ['BJ:Pilihan "satu" & dua|Pilihan tiga'] + ["p"] * 2


def test_turned_off_shows_no_box(client, channel):
    ArticlePageFactory(parent=channel, title="Terkait", tags=["Banjir"])
    page = story(channel, 6, baca_juga_enabled=False)
    pin(page, ArticlePageFactory(parent=channel, title="Pilihan"))
    assert body_sequence(client.get(page.url)) == ["p"] * 6


def test_never_itself_nor_an_unpublished_story(client, channel):
    draft = ArticlePageFactory(parent=channel, title="Belum terbit", tags=["Banjir"])
    ArticlePage.objects.get(pk=draft.pk).unpublish()
    live = ArticlePageFactory(parent=channel, title="Sudah terbit")
    page = story(channel, 4, baca_juga_paragraph=1)
    pin(page, page, draft, live)
    assert body_sequence(client.get(page.url)) == ["p", "BJ:Sudah terbit", "p", "p", "p"]


def test_unusable_picks_leave_the_automatic_list_without_itself(client, channel):
    draft = ArticlePageFactory(parent=channel, title="Belum terbit", tags=["Banjir"])
    ArticlePage.objects.get(pk=draft.pk).unpublish()
    page = story(channel, 4)
    pin(page, page, draft)
    # No other published story: no box at all (and never a link to the story itself).
    assert body_sequence(client.get(page.url)) == ["p"] * 4


def test_a_short_story_gets_the_editors_picks_at_the_end(client, channel):
    chosen = ArticlePageFactory(parent=channel, title="Pilihan redaksi")
    page = story(channel, 2, baca_juga_paragraph=5)
    pin(page, chosen)
    assert body_sequence(client.get(page.url)) == ["p", "p", "BJ:Pilihan redaksi"]


def test_only_the_first_page_of_a_multipage_story_has_the_box(client, channel):
    ArticlePageFactory(parent=channel, title="Terkait", tags=["Banjir"])
    page = ArticlePageFactory(
        parent=channel,
        tags=["Banjir"],
        body=[
            *paragraph_body("1", "2", "3"),
            ("page_break", None),
            *paragraph_body("4", "5", "6"),
        ],
    )
    assert "BJ:Terkait" in body_sequence(client.get(page.url))
    assert body_sequence(client.get(f"{page.url}2/")) == ["p"] * 3


def test_a_linked_storys_new_headline_purges_the_page(
    client, channel, django_capture_on_commit_callbacks
):
    linked = ArticlePageFactory(parent=channel, title="Judul lama")
    page = story(channel, 4)
    pin(page, linked)
    assert "Judul lama" in client.get(page.url).content.decode()
    assert client.get(page.url)["X-Cache"] == "HIT"
    edited = ArticlePage.objects.get(pk=linked.pk)
    edited.title = "Judul baru"
    with django_capture_on_commit_callbacks(execute=True):
        edited.save_revision().publish()
    response = client.get(page.url)
    assert response["X-Cache"] == "MISS"
    assert body_sequence(response) == ["p", "p", "BJ:Judul baru", "p", "p"]


def test_the_editor_form_has_the_baca_juga_panel(client, channel):
    admin = get_user_model().objects.create_superuser("admin", "a@warta.localhost", "pw-secret")
    client.force_login(admin)
    page = story(channel, 3)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="baca_juga_enabled"' in html
    assert 'name="baca_juga_paragraph"' in html
    assert "baca_juga_picks" in html  # the picks (at most three: see the form test below)


# --- share -------------------------------------------------------------------------------


def test_share_links_whatsapp_first_encoded_and_script_free(client, channel):
    headline = 'Harga "cabai" & bawang naik 20%'
    page = ArticlePageFactory(parent=channel, title=headline)
    response = client.get(page.url)
    html = response.content.decode()
    doc = BeautifulSoup(html, "html.parser")
    canonical = doc.select_one('link[rel="canonical"]')["href"]
    bars = doc.select(".share")
    assert len(bars) == 2  # under the photo and at the foot of the story
    links = bars[0].select("a.share__link")
    hosts = [urlsplit(a["href"]).netloc for a in links]
    assert hosts == ["wa.me", "www.facebook.com", "x.com", "t.me"]
    names = [a.get_text(strip=True) for a in links]
    assert names == [
        "Bagikan ke WhatsApp",
        "Bagikan ke Facebook",
        "Bagikan ke X",
        "Bagikan ke Telegram",
    ]
    for link in links:
        assert "noopener" in link["rel"]
        assert " " not in link["href"] and '"' not in link["href"]
    query = [parse_qs(urlsplit(a["href"]).query) for a in links]
    assert query[0]["text"] == [f"{headline} {canonical}"]
    assert query[1]["u"] == [canonical]
    assert query[2] == {"text": [headline], "url": [canonical]}
    assert query[3] == {"url": [canonical], "text": [headline]}
    assert "%26%20bawang" in links[0]["href"] and "%22cabai%22" in links[0]["href"]
    copy = bars[0].select_one(".share__copy")
    assert copy.has_attr("hidden")  # shown by site.js, which can copy
    assert copy.select_one("button")["data-copy-url"] == canonical
    assert copy.get_text(strip=True) == "Salin tautan"
    # No third-party script, frame or pixel: every script and image is the site's own.
    for src in re.findall(r'<(?:script|img|iframe)[^>]* src="([^"]+)"', html):
        assert not src.startswith(("http:", "https:", "//")), src


def test_an_editor_sets_the_picks_and_paragraph_in_the_admin_form(client, channel):
    from django.urls import reverse
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    from warta.newsroom.tests.conftest import edit_form

    admin = get_user_model().objects.create_superuser("admin", "a@warta.localhost", "pw-secret")
    chosen = [ArticlePageFactory(parent=channel, title=f"Pilihan {n}") for n in range(4)]
    page = story(channel, 5)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    def publish(picks: list, **fields) -> int:
        client.force_login(admin)
        data = edit_form(client, page)
        data.update(nested_form_data({"baca_juga_picks": streamfield(picks)}))
        for name, value in {"action-publish": "action-publish", **fields}.items():
            data[name] = value
        if not fields.get("baca_juga_enabled", "on"):
            del data["baca_juga_enabled"]  # an unticked checkbox is not sent
        status = client.post(edit_url, data).status_code
        client.logout()
        return status

    picks = [("article", story.pk) for story in chosen[:3]]
    assert publish(picks, baca_juga_paragraph="3", baca_juga_enabled="on") == 302
    sequence = body_sequence(client.get(page.url))
    assert sequence == ["p"] * 3 + ["BJ:Pilihan 0|Pilihan 1|Pilihan 2"] + ["p"] * 2
    # A fourth pick is refused (at most three): the form comes back, nothing is published.
    four = [("article", story.pk) for story in chosen]
    assert publish(four, baca_juga_paragraph="3", baca_juga_enabled="on") == 200
    assert len(ArticlePage.objects.get(pk=page.pk).baca_juga_picks) == 3
    # The story itself, or one story twice, is refused with a message (not dropped unseen).
    client.force_login(admin)
    for wrong, message in (
        ([("article", page.pk)], "dirinya sendiri"),
        ([("article", chosen[0].pk), ("article", chosen[0].pk)], "satu kali"),
    ):
        data = edit_form(client, page)
        data.update(nested_form_data({"baca_juga_picks": streamfield(wrong)}))
        data["action-publish"] = "action-publish"
        response = client.post(edit_url, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    client.logout()
    assert (
        body_sequence(client.get(page.url))
        == ["p"] * 3 + ["BJ:Pilihan 0|Pilihan 1|Pilihan 2"] + ["p"] * 2
    )
    # Turned off: no box.
    assert publish(picks, baca_juga_paragraph="3", baca_juga_enabled="") == 302
    assert body_sequence(client.get(page.url)) == ["p"] * 5
