import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings.production")

django_application = get_wsgi_application()

from warta.core.pagecache.fastpath import PageCacheApplication  # noqa: E402 - needs Django set up

# Cached pages for anonymous readers are answered before Django runs
# (warta.core.pagecache.fastpath).
application = PageCacheApplication(django_application)
