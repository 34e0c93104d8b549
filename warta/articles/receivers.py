from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from warta.articles.models import ArticlePage
from warta.articles.tasks import generate_renditions_task


@receiver(page_published, sender=ArticlePage)
def article_published(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.hero_image_id:
        image_id = instance.hero_image_id
        transaction.on_commit(lambda: generate_renditions_task.enqueue(image_id=image_id))
