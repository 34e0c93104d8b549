"""The network admin's panel on the admin dashboard (reads in network.desk); the newsroom's
review queue and watch follow it (newsroom.desk_panels)."""

from __future__ import annotations

from warta.network import desk
from warta.newsroom.desk_panels import DeskPanel


class NetworkDeskPanel(DeskPanel):
    name = "warta_network_desk"
    template_name = "network/desk/network_panel.html"
    order = 5

    def get_context_data(self, parent_context):
        waiting, applications = desk.waiting_applications()
        return {
            "waiting": waiting,
            "applications": applications,
            "sites": desk.network_sites(),
            "circulation": desk.circulation_queue(),
        }
