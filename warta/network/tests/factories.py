from warta.core.tests.page_factory import PageFactory
from warta.network.models import NetworkPartnerPage


class NetworkPartnerPageFactory(PageFactory):
    class Meta:
        model = NetworkPartnerPage

    title = "Gabung Warta Network"
    slug = "network"
    lead = "Kami membuka kesempatan bagi Anda yang ingin menjadi pebisnis media."
