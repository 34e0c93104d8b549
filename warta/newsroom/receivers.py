from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from warta.newsroom.roles import setup_roles


@receiver(post_migrate)
def ensure_roles(sender, app_config=None, **kwargs) -> None:
    # Runs once per migrate, after the newsroom app's own migrations.
    if app_config is None or app_config.label != "newsroom":
        return
    # Apps later in INSTALLED_APPS (ingest, Django's own) get their permissions after this
    # signal; create them now so every role is granted everything on a fresh database.
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    setup_roles()
