"""The demo's desk is mid-shift: the reporter's lists and the editor's queue have work in
them, built once however often the demo is built."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from warta.demo.desk_state import RETURN_NOTE
from warta.newsroom.desk import breaking_now, corrections_today, reporter_desk, review_queue

pytestmark = pytest.mark.django_db


def test_the_demo_desk_has_work_in_every_list(client):
    call_command("build_demo", "--articles", "8", verbosity=0)
    call_command("build_demo", "--articles", "8", verbosity=0)
    reporter = User.objects.get(username="reporter")
    editor = User.objects.get(username="redaktur")
    desk = reporter_desk(reporter)
    assert len(desk.drafts) == 1 and len(desk.waiting) == 2 and len(desk.scheduled) == 1
    assert [(s.changes_by, s.changes_comment) for s in desk.returned] == [
        ("Intan Maharani", RETURN_NOTE)
    ]
    queue = review_queue(editor)
    assert len(queue) == 2
    assert queue[0].submitted_at < queue[1].submitted_at  # the longest wait on top
    assert all(item.ready for item in queue)  # the desk's samples pass the gates
    assert len(breaking_now(editor)) == 1
    assert len(corrections_today(editor)) == 1
    client.force_login(editor)
    home = client.get("/admin/").content.decode()
    assert "Antrean Solar Mengular" in home and "Setujui dan terbitkan" in home
