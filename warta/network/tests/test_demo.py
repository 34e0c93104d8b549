import pytest
from django.core.management import call_command
from wagtail.models import Site

from warta.articles.models import ArticlePage
from warta.channels.models import ChannelPage
from warta.core.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_build_demo_is_idempotent_and_complete(client):
    call_command("build_demo", "--articles", "40", verbosity=0)
    call_command("build_demo", "--articles", "40", verbosity=0)
    assert ArticlePage.objects.live().count() == 40
    sites = Site.objects.all()
    assert sites.count() == 7 and sites.filter(is_default_site=True).count() == 1
    zones = set(SiteSettings.objects.values_list("time_zone", flat=True))
    assert zones == {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
    assert ChannelPage.objects.count() >= 10
    assert client.get("/").status_code == 200
    assert client.get("/network/").status_code == 200
    story = ArticlePage.objects.live().first()
    assert client.get(story.url, HTTP_HOST=story.get_site().hostname).status_code == 200
    signed_in = client.post("/admin/login/", {"username": "admin", "password": "warta-demo"})
    assert signed_in.status_code == 302  # the printed demo password works
    assert client.get("/admin/").status_code == 200
