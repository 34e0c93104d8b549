"""The public partner-programme application form: validation with clear Indonesian messages,
a honeypot field and a signed time stamp that catch most bots without any third party."""

from __future__ import annotations

import hashlib
import re
import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from warta.network.models import PartnerApplication

PHONE = re.compile(r"^(?:\+62|62|0)8[0-9]{7,12}$")
MIN_SECONDS = 3  # a person cannot read and fill the form faster
MAX_AGE = 24 * 3600
SIGNER_SALT = "warta.partner-form"


class PartnerApplicationForm(forms.ModelForm):
    # Hidden from people (CSS and aria-hidden); bots that fill every field reveal themselves.
    homepage = forms.CharField(required=False, label="Homepage")
    started = forms.CharField(widget=forms.HiddenInput)
    website = forms.URLField(label=_("situs web"), required=False, assume_scheme="https")

    class Meta:
        model = PartnerApplication
        fields = [
            "organisation",
            "legal_entity",
            "contact_name",
            "email",
            "phone",
            "province_code",
            "regency",
            "website",
            "sample_links",
            "newsroom_size",
            "statement",
        ]
        widgets = {
            "sample_links": forms.Textarea(attrs={"rows": 3}),
            "statement": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "sample_links": _("Satu tautan per baris, paling banyak 5."),
            "statement": _(
                "Mengapa Anda ingin bergabung dan rencana liputan Anda (50–3.000 karakter)."
            ),
            "phone": _("Nomor seluler Indonesia, mis. 0812 3456 7890."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs["placeholder"] = "https://"
        provinces = self.fields["province_code"].choices[1:]
        self.fields["province_code"].choices = [("", _("— pilih provinsi —")), *provinces]
        self.fields["homepage"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["started"] = signing.dumps(time.time(), salt=SIGNER_SALT)

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s.-]", "", self.cleaned_data["phone"])
        if not PHONE.match(phone):
            raise forms.ValidationError(_("Masukkan nomor seluler Indonesia, mis. 0812 3456 7890."))
        return phone

    def clean_sample_links(self) -> str:
        links = [x.strip() for x in self.cleaned_data["sample_links"].splitlines() if x.strip()]
        if len(links) > 5:
            raise forms.ValidationError(_("Paling banyak 5 tautan."))
        check = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                check(link)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Bukan alamat web yang valid: %(link)s"), params={"link": link[:80]}
                ) from error
        return "\n".join(links)

    def clean_statement(self) -> str:
        statement = self.cleaned_data["statement"].strip()
        if len(statement) < 50:
            raise forms.ValidationError(_("Ceritakan sedikit lebih banyak (minimal 50 karakter)."))
        if len(statement) > 3000:
            raise forms.ValidationError(_("Paling banyak 3.000 karakter."))
        return statement

    def clean_started(self) -> float:
        try:
            return signing.loads(self.cleaned_data["started"], salt=SIGNER_SALT, max_age=MAX_AGE)
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("Formulir sudah kedaluwarsa. Periksa isian Anda lalu kirim ulang.")
            ) from error

    def use_stamp(self) -> bool:
        """Spend the form's signed stamp on this submission: one accepted submission per stamp
        (remembered in the cache until the stamp expires). False, with a form error, for a
        stamp already spent: a replayed POST sends no second application and no email."""
        # The stamp as verified: the field strips whitespace before the signature check, so
        # a padded copy of a spent stamp is that same stamp.
        stamp = str(self.data["started"]).strip()
        digest = hashlib.sha256(stamp.encode()).hexdigest()[:32]
        remaining = MAX_AGE - (time.time() - self.cleaned_data["started"])
        if cache.add(f"warta:partner-stamp:{digest}", 1, max(int(remaining), 0) + 60):
            return True
        self.add_error(
            None,
            _(
                "Formulir ini sudah terkirim dan tidak dikirim dua kali. Untuk "
                "pendaftaran lain, periksa isian lalu kirim ulang."
            ),
        )
        return False

    @property
    def looks_automated(self) -> bool:
        """Honeypot filled, or submitted faster than a person can."""
        if self.cleaned_data.get("homepage"):
            return True
        started = self.cleaned_data.get("started")
        return isinstance(started, float) and time.time() - started < MIN_SECONDS
