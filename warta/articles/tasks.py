from django_tasks import task

from warta.articles.renditions import ALL_RENDITIONS
from warta.core.models import WartaImage


@task()
def generate_renditions_task(image_id: int) -> int:
    """Create the renditions pages will ask for, so no reader request pays for resizing.
    Safe to run twice: existing renditions are reused."""
    image = WartaImage.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(image.get_renditions(*ALL_RENDITIONS))
