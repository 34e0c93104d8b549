"""Names recurring across published stories: the list tag suggestions learn from."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.discovery.models import StoryName
from warta.discovery.story_names import recurring_names


def test_a_name_recurs_when_enough_stories_name_it_with_titles_and_common_words_off():
    texts = [
        ("", "Menteri Keuangan Sri Mulyani menyebut anggaran aman. Kata Sri Mulyani, aman."),
        ("", "Hari ini Menteri Keuangan Sri Mulyani bertemu wartawan di kantor keuangan."),
        ("", "Rapat bersama Sri Mulyani membahas keuangan negara dan keuangan daerah."),
        ("", "Andi Wijaya hadir di rapat itu."),
    ]
    found = {n.name: n.stories for n in recurring_names(texts, min_stories=3)}
    assert found == {"Sri Mulyani": 3}


@pytest.mark.django_db
def test_refresh_story_names_reads_published_stories_only(channel):
    body = paragraph_body("Wakil Presiden Kamala Harris berbicara di Washington kepada wartawan.")
    for n in range(3):
        ArticlePageFactory(parent=channel, title=f"Berita {n}", body=body)
    secret = paragraph_body("Draf tentang Budi Rahasia. Budi Rahasia.")
    ArticlePageFactory(parent=channel, publish=False, body=secret)
    out = StringIO()
    call_command("refresh_story_names", stdout=out)
    assert list(StoryName.objects.values_list("name", "stories")) == [("Kamala Harris", 3)]
    assert out.getvalue().startswith("1 names")
    with pytest.raises(CommandError):
        call_command("refresh_story_names", "--min-stories", "0")
