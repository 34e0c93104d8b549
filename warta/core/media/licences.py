"""The licences a photo can be used under, as data: the choice an editor makes on an image,
and what structured data says about it (a licence page where one exists)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NEWSROOM = "redaksi"
ANTARA = "antara"
CC_BY = "cc-by-4.0"
CC_BY_SA = "cc-by-sa-4.0"
PUBLIC_DOMAIN = "domain-publik"
READER = "kiriman-pembaca"

LICENCE_CHOICES = [
    (NEWSROOM, _("Hak cipta redaksi")),
    (ANTARA, _("Antara – langganan")),
    (CC_BY, _("CC BY 4.0")),
    (CC_BY_SA, _("CC BY-SA 4.0")),
    (PUBLIC_DOMAIN, _("Domain publik")),
    (READER, _("Kiriman pembaca (izin tertulis)")),
]

# schema.org `license` wants a URL: the licence's own page where it has one.
LICENCE_URLS = {
    CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    PUBLIC_DOMAIN: "https://creativecommons.org/publicdomain/mark/1.0/",
}
