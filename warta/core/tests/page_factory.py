"""A factory_boy base for Wagtail pages: adds the page under `parent` and publishes it through
a revision, as an editor would."""

import factory
from django.utils.text import slugify
from wagtail.models import Page

from warta.core.tests.index_batch import index_updates_batched


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Halaman {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:80])

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        with index_updates_batched():  # one index update per object, not one per save
            return cls._create_page(model_class, parent=parent, publish=publish, **kwargs)

    @classmethod
    def _create_page(cls, model_class, *, parent, publish, **kwargs):
        parent = parent or Page.get_first_root_node()
        instance = cls._build_page(model_class, **kwargs)
        parent.add_child(instance=instance)
        if publish:
            instance.save_revision().publish()
        else:
            instance.live = False
            instance.save_revision()
            type(instance).objects.filter(pk=instance.pk).update(live=False)
            instance.live = False
        return instance

    @classmethod
    def _build_page(cls, model_class, **kwargs):
        """The unsaved page; subclasses add child objects (bylines, tags) here."""
        return model_class(**kwargs)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # Post-generation hooks save themselves; avoid a second plain save of a page.
        pass
