import factory
from wagtail.models import Page, Site

from warta.channels.models import ChannelPage, HomePage
from warta.core.tests.page_factory import PageFactory


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "Warta"


class ChannelPageFactory(PageFactory):
    class Meta:
        model = ChannelPage

    title = factory.Sequence(lambda n: f"Kanal {n}")
    show_in_menus = True


def make_site(
    *, hostname: str = "localhost", name: str = "Warta", port: int = 80, default: bool = True
) -> Site:
    """A site with its own home page under the tree root."""
    home = HomePageFactory(
        title=name, slug=hostname.replace(".", "-"), parent=Page.get_first_root_node()
    )
    return Site.objects.create(
        hostname=hostname, port=port, site_name=name, root_page=home, is_default_site=default
    )
