from django_tasks import task

from warta.articles.models import GalleryPhoto
from warta.articles.renditions import ALL_RENDITIONS, GALLERY_RENDITIONS
from warta.core.models import WartaImage


@task()
def generate_renditions_task(image_id: int) -> int:
    """Create the renditions pages will ask for, so no reader request pays for resizing.
    Safe to run twice: existing renditions are reused."""
    image = WartaImage.objects.filter(pk=image_id).first()
    if image is None:
        return 0
    return len(image.get_renditions(*ALL_RENDITIONS))


@task()
def generate_gallery_renditions_task(page_id: int) -> int:
    """Every gallery photo's sizes, made when the gallery is published. Safe to run twice."""
    made = 0
    for photo in GalleryPhoto.objects.filter(page_id=page_id).select_related("image"):
        made += len(photo.image.get_renditions(*GALLERY_RENDITIONS))
    return made
