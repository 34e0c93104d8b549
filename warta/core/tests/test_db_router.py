"""The read replica's rules without a replica (warta.core.db): which requests may read it,
where the router sends reads and writes, and that nothing changes when none is configured."""

import pytest
from django.db import transaction
from django.test import RequestFactory

from warta.articles.models import ArticlePage
from warta.core.db import freshness
from warta.core.db.middleware import anonymous_read
from warta.core.db.router import ReplicaRouter, replica_reads

factory = RequestFactory()


@pytest.mark.parametrize(
    ("method", "path", "headers", "expected"),
    [
        ("get", "/nasional/harga-cabai/", {}, True),
        ("head", "/", {}, True),
        ("get", "/cari/?q=banjir", {}, True),
        ("get", "/r/jatim/nasional/", {}, True),
        ("get", "/nasional/harga-cabai/", {"HTTP_COOKIE": "sessionid=abc"}, False),
        ("get", "/nasional/harga-cabai/", {"HTTP_AUTHORIZATION": "Bearer x"}, False),
        ("post", "/newsletter/", {}, False),
        ("get", "/admin/", {}, False),
        ("get", "/admin/pages/3/edit/", {}, False),
        ("get", "/akun/login/", {}, False),
        ("get", "/r/jatim/akun/login/", {}, False),
        ("get", "/en/lite/untuk-anda/", {}, False),
    ],
)
def test_only_anonymous_public_reads_may_use_the_replica(method, path, headers, expected):
    request = getattr(factory, method)(path, **headers)
    assert anonymous_read(request) is expected


def test_router_sends_reads_to_the_replica_only_when_allowed():
    router = ReplicaRouter()
    assert router.db_for_read(ArticlePage) == "default"
    with replica_reads():
        assert router.db_for_read(ArticlePage) == "replica"
        assert router.db_for_write(ArticlePage) == "default"
        with replica_reads(False):
            assert router.db_for_read(ArticlePage) == "default"
    assert router.db_for_read(ArticlePage) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary():
    router = ReplicaRouter()
    with replica_reads():
        with transaction.atomic():
            assert router.db_for_read(ArticlePage) == "default"
        assert router.db_for_read(ArticlePage) == "replica"


@pytest.mark.django_db
def test_without_a_replica_nothing_is_read_from_one(django_assert_num_queries):
    assert not freshness.configured()
    with django_assert_num_queries(0):
        assert freshness.replica_usable() is False
        freshness.note_primary_position()
