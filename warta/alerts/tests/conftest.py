import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, REPORTER, group_name, setup_roles


def make_user(username: str, role: str | None):
    user = get_user_model().objects.create_user(username, f"{username}@warta.localhost", "pw")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def network(site):
    """The national site and two regional sites (Jatim, Bali), each with a "berita" channel
    and a published story in Jatim's."""
    setup_roles()
    sites = {
        slug: provision_site(
            RegionSpec(name=name, slug=slug, province_code=code), channels=[("Berita", "berita")]
        )
        for slug, name, code in [("jatim", "Warta Jatim", "35"), ("bali", "Warta Bali", "51")]
    }
    channels = {
        slug: ChannelPage.objects.child_of(s.root_page).get(slug="berita")
        for slug, s in sites.items()
    }
    story = ArticlePageFactory(
        parent=channels["jatim"],
        title="Banjir besar melanda Surabaya",
        summary="Air setinggi satu meter menggenangi lima kecamatan.",
    )
    return {"national": site, "sites": sites, "channels": channels, "story": story}


@pytest.fixture
def people(network):
    jatim, bali = network["sites"]["jatim"], network["sites"]["bali"]
    return {
        "editor": make_user("redaktur-jatim", group_name(EDITOR, jatim)),
        "reporter": make_user("reporter-jatim", group_name(REPORTER, jatim)),
        "bali_editor": make_user("redaktur-bali", group_name(EDITOR, bali)),
    }
