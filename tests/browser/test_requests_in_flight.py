"""The live server's request counter the browser tests wait on (conftest.RequestsInFlight)."""

import threading

import pytest

from tests.browser.conftest import RequestsInFlight


def test_waiting_ends_only_when_the_last_answer_is_closed():
    entered, release = threading.Event(), threading.Event()

    def slow_app(environ, start_response):
        entered.set()
        release.wait(5)
        start_response("204 No Content", [])
        return [b""]

    counter = RequestsInFlight(slow_app)
    answers = []
    server = threading.Thread(
        target=lambda: answers.append(counter({"PATH_INFO": "/_e"}, lambda *a: None))
    )
    server.start()
    assert entered.wait(5)
    assert counter.paths == ["/_e"]
    with pytest.raises(pytest.fail.Exception, match=r"still answering \['/_e'\]"):
        counter.wait_for_none(timeout=0.05)
    release.set()
    server.join()
    assert counter.paths == ["/_e"]  # answered but not yet sent: still in flight
    answers[0].close()
    answers[0].close()  # a second close counts nothing twice
    assert counter.paths == []
    counter.wait_for_none(timeout=0)


def test_a_failing_application_is_not_left_in_flight():
    def broken_app(environ, start_response):
        raise RuntimeError("boom")

    counter = RequestsInFlight(broken_app)
    with pytest.raises(RuntimeError):
        counter({"PATH_INFO": "/"}, lambda *a: None)
    counter.wait_for_none(timeout=0)
