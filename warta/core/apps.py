"""Core owns what every app may use, as packages by subsystem (pagecache, sites, security,
media, indonesia, ops): the image model with credits as data, per-site settings (time zone,
branding), and the `serve`, `worker`, `backup`, `restore` and `move_documents` commands. It
imports no app and has no newsroom domain models."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "warta.core"
    label = "core"
    verbose_name = "Warta core"

    def ready(self) -> None:
        from warta.core import admin_markup, admin_widgets, health, page_permissions
        from warta.core.media import storage  # noqa: F401  (its system check)
        from warta.core.sites import receivers  # noqa: F401

        health.install()  # /healthz on the WSGI fast path (the load balancer's check)
        admin_markup.install()  # icons and buttons of admin listings without templates
        page_permissions.install()  # one page permission tester per page and user
        admin_widgets.use_quick_selects()  # select boxes of 500 collections without templates
