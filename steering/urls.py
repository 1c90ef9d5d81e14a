from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "steering"
urlpatterns = [
    path("", views.steering_group, name="steering_group"),
    path(_("working-groups/"), views.working_group_list, name="working_group_list"),
    path(_("working-groups/<slug:slug>/"), views.working_group_detail, name="working_group_detail"),
]
