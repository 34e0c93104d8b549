import factory

from warta.core.tests.page_factory import PageFactory
from warta.network.models import NetworkPartnerPage, TrustPage


class NetworkPartnerPageFactory(PageFactory):
    class Meta:
        model = NetworkPartnerPage

    title = "Gabung Warta Network"
    slug = "network"
    lead = "Kami membuka kesempatan bagi Anda yang ingin menjadi pebisnis media."


class TrustPageFactory(PageFactory):
    class Meta:
        model = TrustPage

    kind = TrustPage.REDAKSI
    slug = factory.LazyAttribute(lambda page: page.kind)
    title = "Redaksi"
    lead = "Susunan redaksi."
    body = "<p>Pemimpin Redaksi: Ratna Wulandari</p>"
