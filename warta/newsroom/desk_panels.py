"""The desk home's panels on the Wagtail dashboard, one per role (newsroom.desk decides the
role and reads the lists): a reporter's "Tulis berita" and own stories; an editor's review
queue and watch (breaking ticker, home slots, today's corrections). The network admin's panel
is the network app's (network.desk_panels); network admins also get the editor's panels."""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.ui.components import Component

from warta.newsroom import desk


class DeskPanel(Component):
    class Media:
        css = {"all": ["newsroom/desk.css"]}

    def __init__(self, user) -> None:
        self.user = user


OTHER_TARGETS_SHOWN = 40


class WriteDeskPanel(DeskPanel):
    """A reporter's home: write in one click, then their stories by state."""

    name = "warta_write_desk"
    template_name = "newsroom/desk/write_panel.html"
    order = 10

    def get_context_data(self, parent_context):
        targets = desk.write_targets(self.user)
        others = targets[1 : OTHER_TARGETS_SHOWN + 1]
        return {
            "default_target": targets[0] if targets else None,
            "other_targets": others,
            # A network admin of 500 sites may write in 2,500 channels: the rest are reached
            # from the page explorer, not listed here.
            "more_targets": max(0, len(targets) - 1 - len(others)),
            "stories": desk.reporter_desk(self.user),
            "write_url_name": "warta_write_story",
        }


class ReviewQueuePanel(DeskPanel):
    """An editor's submissions to approve, the longest wait first, one click each."""

    name = "warta_review_queue"
    template_name = "newsroom/desk/review_panel.html"
    order = 20

    def get_context_data(self, parent_context):
        return {
            "queue": desk.review_queue(self.user),
            "csrf_token": parent_context.get("csrf_token"),
            "home_url": reverse("wagtailadmin_home"),
            "targets": desk.write_targets(self.user)[:1],
        }


# Homes listed under "Slot beranda" before the rest are summed up (a network of 500 sites).
HOMES_SHOWN = 30


class NewsWatchPanel(DeskPanel):
    """What an editor keeps an eye on: the ticker, the home slots, today's corrections."""

    name = "warta_news_watch"
    template_name = "newsroom/desk/watch_panel.html"
    order = 30

    def get_context_data(self, parent_context):
        homes = desk.home_desks(self.user)
        # With 500 sites: the first HOMES_SHOWN homes and every home with a slot in force; the
        # rest (no slot in force) are counted, not listed one by one.
        shown = [home for n, home in enumerate(homes) if n < HOMES_SHOWN or home.slots]
        return {
            "breaking": desk.breaking_now(self.user),
            "homes": shown,
            "more_homes": len(homes) - len(shown),
            "corrections": desk.corrections_today(self.user),
            "csrf_token": parent_context.get("csrf_token"),
            "home_url": reverse("wagtailadmin_home"),
        }
