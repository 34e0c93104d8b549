"""The admin API's image and document endpoints, scoped like the choosers: Wagtail's list
every image and document of the network to anyone in the admin."""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

from warta.newsroom.isolation import media_user_may_see, sees_everything


class ScopedMedia:
    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if sees_everything(user):
            return queryset
        policy = policy_registry.get_by_type(queryset.model)
        return queryset.filter(pk__in=media_user_may_see(user, policy).values("pk"))


class ScopedImagesAPIViewSet(ScopedMedia, ImagesAdminAPIViewSet):
    pass


class ScopedDocumentsAPIViewSet(ScopedMedia, DocumentsAdminAPIViewSet):
    pass
