"""Demo owns `warta build_demo`: a generated network (a national site, regional sites, channels,
stories written for the project about fictional people, photos, newsroom accounts, a wire source
and a partner application) for trying Warta out. It builds with the apps' runtime services
only, so it runs on any install; no other app imports it."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "warta.demo"
    label = "demo"
    verbose_name = "Demo"
