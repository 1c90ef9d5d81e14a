"""Read-only endpoints; each list is paged and loads in a fixed number of queries."""

from django.db.models import Prefetch
from rest_framework import viewsets

from api import serializers
from guests.models import Talk
from meetings.models import AgendaItem, Meeting, MeetingHost
from members.models import Institution
from projects.models import Participant, Project
from steering.models import SteeringGroupMembership


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Published meetings, newest first, with study visits, agenda and public documents."""

    serializer_class = serializers.MeetingSerializer

    def get_queryset(self):
        return (
            Meeting.objects.published()
            .prefetch_related(
                Prefetch("hostings", queryset=MeetingHost.objects.select_related("institution")),
                "study_visits",
                Prefetch(
                    "agenda_items",
                    queryset=AgendaItem.objects.prefetch_related(
                        Prefetch(
                            "talks", queryset=Talk.objects.select_related("guest", "organisation")
                        )
                    ),
                ),
                "documents",
            )
            .order_by("-date", "pk")
        )


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    """Every institution that is or was a member, by name."""

    serializer_class = serializers.InstitutionSerializer
    queryset = Institution.objects.order_by("name", "pk")


class SteeringGroupViewSet(viewsets.ReadOnlyModelViewSet):
    """The steering group's memberships, current and former (names, roles, institutions)."""

    serializer_class = serializers.SteeringGroupMembershipSerializer
    queryset = SteeringGroupMembership.objects.select_related("person", "institution").order_by(
        "-started_on", "person__name", "pk"
    )


class ProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """The network's projects with participants and funders."""

    serializer_class = serializers.ProjectSerializer

    def get_queryset(self):
        projects = Project.objects.all()
        if hasattr(projects, "published"):  # publishing windows, where projects have them
            projects = projects.published()
        return (
            projects.select_related("coordinating_institution")
            .prefetch_related(
                Prefetch(
                    "participants", queryset=Participant.objects.select_related("institution")
                ),
                "funders",
            )
            .order_by("-started_on", "name", "pk")
        )
