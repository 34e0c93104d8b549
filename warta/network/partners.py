"""Writes for the partner programme: an application is submitted (with a confirmation email),
reviewed, and approved (which provisions the regional site and invites its editor) or
rejected; an approved site can be suspended and restored. Every step is an event in the
application's history."""

from __future__ import annotations

import logging
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from warta.core.tasks import send_email_task
from warta.network.models import PartnerApplication, PartnerApplicationEvent
from warta.network.services import RegionSpec, provision_site, set_suspended
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, group_name

logger = logging.getLogger(__name__)


class ReviewError(ValueError):
    """The step does not fit the application's state; the message says why."""


def _event(application, action: str, user=None, note: str = "") -> None:
    PartnerApplicationEvent.objects.create(
        application=application, action=action, user=user, note=note
    )


def _mail(subject: str, body: str, to: list[str]) -> None:
    """Queued as a task in the same transaction (see core.tasks.send_email_task)."""
    send_email_task.enqueue(subject, body, to)


@transaction.atomic
def submit(form, *, base_url: str) -> PartnerApplication:
    application = form.save()
    _event(application, "submitted")
    _confirm(application, base_url)
    return application


def _confirm(application: PartnerApplication, base_url: str) -> None:
    _mail(
        "Pendaftaran Warta Network diterima",
        f"Halo {application.contact_name},\n\n"
        f"Terima kasih, pendaftaran {application.organisation} untuk membuka situs Warta di "
        f"{application.regency or application.province.name} sudah kami terima "
        f"(nomor {application.pk}). Tim jaringan akan meninjaunya dan menghubungi Anda lewat "
        f"email ini atau {application.phone}.\n\nSalam,\nWarta Network\n{base_url}",
        [application.email],
    )

    reviewers = list(
        get_user_model()
        .objects.filter(groups__name=NETWORK_ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if reviewers:
        link = f"{base_url}{reverse('partner_review', args=[application.pk])}"
        _mail(f"Pendaftaran mitra baru: {application.organisation}", link, reviewers)


def start_review(application: PartnerApplication, user) -> None:
    if application.status != PartnerApplication.SUBMITTED:
        raise ReviewError("hanya pendaftaran berstatus 'diajukan' yang bisa mulai ditinjau")
    application.status = PartnerApplication.IN_REVIEW
    application.save(update_fields=["status", "updated_at"])
    _event(application, "in_review", user)


def add_note(application: PartnerApplication, user, note: str) -> None:
    if not note.strip():
        raise ReviewError("catatan kosong")
    _event(application, "note", user, note.strip())


def reject(application: PartnerApplication, user, note: str) -> None:
    if application.status not in (PartnerApplication.SUBMITTED, PartnerApplication.IN_REVIEW):
        raise ReviewError("pendaftaran ini sudah diputuskan")
    if not note.strip():
        raise ReviewError("tuliskan alasan penolakan; pemohon menerimanya lewat email")
    with transaction.atomic():
        application.status = PartnerApplication.REJECTED
        application.save(update_fields=["status", "updated_at"])
        _event(application, "rejected", user, note.strip())
    _mail(
        "Pendaftaran Warta Network",
        f"Halo {application.contact_name},\n\nMohon maaf, "
        f"pendaftaran {application.organisation} belum dapat kami terima.\n\n{note.strip()}",
        [application.email],
    )


def place_name(application: PartnerApplication) -> str:
    """ "Kediri" from "Kabupaten Kediri": what a site is called after."""
    place = application.regency or application.province.name
    return re.sub(r"^(kabupaten|kab\.?|kota)\s+", "", place, flags=re.IGNORECASE).strip()


def suggested_slug(application: PartnerApplication) -> str:
    return slugify(place_name(application))[:40] or f"mitra-{application.pk}"


@transaction.atomic
def approve(
    application: PartnerApplication, user, *, site_name: str, slug: str, base_url: str
) -> PartnerApplication:
    """Provision the site and invite the applicant as its editor. Safe to run twice: the
    same site and account are reused, and the invitation is sent once."""
    if application.status == PartnerApplication.REJECTED:
        raise ReviewError("pendaftaran yang ditolak tidak bisa disetujui")
    slug = slugify(slug)[:40]
    if not slug or not site_name.strip():
        raise ReviewError("nama situs dan slug wajib diisi")
    site = provision_site(
        RegionSpec(
            name=site_name.strip(),
            slug=slug,
            province_code=application.province_code,
            regency=application.regency,
        )
    )
    first_time = application.status != PartnerApplication.APPROVED
    account = application.editor_account or _editor_account(application, site)
    application.site, application.editor_account = site, account
    application.status = PartnerApplication.APPROVED
    application.save(update_fields=["site", "editor_account", "status", "updated_at"])
    if first_time:
        _event(application, "approved", user, f"{site.site_name}: {site.root_url}/")
        _invite(application, account, site, base_url)
    return application


def _editor_account(application: PartnerApplication, site):
    users = get_user_model()
    account = users.objects.filter(email__iexact=application.email).first()
    if account is None:
        base = slugify(application.email.split("@")[0])[:120] or "redaktur"
        username, n = base, 2
        while users.objects.filter(username=username).exists():
            username, n = f"{base}-{n}", n + 1
        first, _, last = application.contact_name.partition(" ")
        account = users.objects.create_user(
            username, application.email, first_name=first, last_name=last
        )
        account.set_unusable_password()  # they choose it through the invitation link
        account.save()
    account.groups.add(Group.objects.get(name=group_name(EDITOR, site)))
    return account


def invitation_link(account, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(account.pk))
    token = default_token_generator.make_token(account)
    path = reverse("wagtailadmin_password_reset_confirm", args=[uid, token])
    return f"{base_url}{path}"


def _invite(application: PartnerApplication, account, site, base_url: str) -> None:
    _mail(
        f"Selamat datang di Warta Network: {site.site_name}",
        f"Halo {application.contact_name},\n\nPendaftaran {application.organisation} "
        f"disetujui. Situs Anda: {site.root_url}/ (juga {base_url}/r/"
        f"{site.sitesettings.slug}/).\n\nBuat kata sandi untuk akun redaktur Anda "
        f"({account.username}) di:\n{invitation_link(account, base_url)}\n\nLalu masuk di "
        f"{base_url}/admin/.\n\nSalam,\nWarta Network",
        [application.email],
    )


def suspend(application: PartnerApplication, user, *, suspended: bool, note: str = "") -> None:
    if application.site is None:
        raise ReviewError("pendaftaran ini belum punya situs")
    set_suspended(application.site, suspended)
    _event(application, "suspended" if suspended else "restored", user, note)
