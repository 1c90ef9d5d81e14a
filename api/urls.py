"""/api/v1/: the archive as JSON, and its OpenAPI description."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import views

router = DefaultRouter()
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("steering-group", views.SteeringGroupViewSet, basename="steering-membership")
router.register("projects", views.ProjectViewSet, basename="project")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
