"""`roles.sites_user_may_edit`: which sites' pages a user may write, the one answer the admin
uses to scope per-site objects (feed sources, the ingest inbox)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from wagtail.models import GroupPagePermission

from warta.channels.tests.factories import make_site
from warta.newsroom.roles import (
    EDITOR,
    NETWORK_ADMIN,
    REPORTER,
    group_name,
    setup_roles,
    sites_user_may_edit,
)
from warta.newsroom.tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def jatim(site):
    jatim = make_site(hostname="jatim.warta.localhost", name="Warta Jatim", default=False)
    setup_roles(per_site=True)
    return jatim


def test_regional_roles_get_their_site_and_network_roles_every_site(site, jatim):
    both = [site, jatim]
    assert sites_user_may_edit(make_user("jatim-redaktur", group_name(EDITOR, jatim))) == [jatim]
    assert sites_user_may_edit(make_user("jatim-reporter", group_name(REPORTER, jatim))) == [jatim]
    assert sites_user_may_edit(make_user("redaktur", EDITOR)) == both
    assert sites_user_may_edit(make_user("jaringan", NETWORK_ADMIN)) == both  # the tree root
    superuser = make_user("super", None)
    superuser.is_superuser = True
    assert sites_user_may_edit(superuser) == both


def test_no_page_permission_on_a_sites_home_means_no_site(site, jatim):
    assert sites_user_may_edit(AnonymousUser()) == []
    assert sites_user_may_edit(make_user("pembaca", None)) == []
    inactive = make_user("keluar", group_name(EDITOR, jatim))
    inactive.is_active = False
    assert sites_user_may_edit(inactive) == []
    # Locking pages, or a permission on one channel only, does not make a site one's own.
    desk = Group.objects.create(name="Meja Surabaya")
    channel = site.root_page.get_children().first()
    assert channel is not None
    GroupPagePermission.objects.create(
        group=desk, page=channel, permission=Permission.objects.get(codename="add_page")
    )
    GroupPagePermission.objects.create(
        group=desk, page=jatim.root_page, permission=Permission.objects.get(codename="lock_page")
    )
    assert sites_user_may_edit(make_user("meja", "Meja Surabaya")) == []
