from pathlib import Path

import pytest

from warta.ingest.tests.feedserver import FeedServer

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        yield server


@pytest.fixture
def fixture_text():
    return lambda name: (FIXTURES / name).read_bytes()
