"""The network admin's panel on the admin dashboard (reads in network.desk); the newsroom's
review queue and watch follow it (newsroom.desk_panels)."""

from __future__ import annotations

from warta.network import desk
from warta.newsroom.desk_panels import DeskPanel

# Sites listed on the desk home; a suspended site or one in its lite edition is always listed.
# The rest of a network of 500 is on the Sites page the heading links to.
SITES_SHOWN = 30


class NetworkDeskPanel(DeskPanel):
    name = "warta_network_desk"
    template_name = "network/desk/network_panel.html"
    order = 5

    def get_context_data(self, parent_context):
        waiting, applications = desk.waiting_applications()
        rows = desk.network_sites()
        shown = [
            row
            for n, row in enumerate(rows)
            if n < SITES_SHOWN or row.suspended or row.lite_edition
        ]
        return {
            "waiting": waiting,
            "applications": applications,
            "sites": shown,
            "site_count": len(rows),
            "more_sites": len(rows) - len(shown),
            "circulation": desk.circulation_queue(),
        }
