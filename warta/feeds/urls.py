from django.urls import path

from warta.feeds import sitemaps
from warta.feeds.syndication import ATOM, RSS, feed_view, json_feed

urlpatterns = [
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-sections.xml", sitemaps.sections_sitemap, name="sitemap_sections"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap_news"),
    path("sitemap-articles-<int:number>.xml", sitemaps.articles_sitemap, name="sitemap_articles"),
    path("feed.json", json_feed, name="json_feed"),
]
for prefix, kind in (("rss", RSS), ("atom", ATOM)):
    urlpatterns += [
        path(f"{prefix}/", feed_view("site", kind), name=f"{prefix}_site"),
        path(f"{prefix}/jaringan/", feed_view("network", kind), name=f"{prefix}_network"),
        path(f"{prefix}/tag/<slug:slug>/", feed_view("tag", kind), name=f"{prefix}_tag"),
        path(f"{prefix}/penulis/<slug:slug>/", feed_view("author", kind), name=f"{prefix}_author"),
        path(f"{prefix}/<path:path>/", feed_view("channel", kind), name=f"{prefix}_channel"),
    ]
