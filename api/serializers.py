"""What the API shows of each object. Texts come as {"sv": …, "en": …}; English falls back to
Swedish as on the site. Only public material: no members-only documents, no contact details."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guests.models import Talk
from meetings.models import AgendaItem, Document, Meeting, StudyVisit
from members.models import Institution
from projects.models import Participant, Project
from steering.models import SteeringGroupMembership

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


@extend_schema_field(
    {"type": "object", "properties": {code: {"type": "string"} for code in LANGUAGES}}
)
class TranslatedField(serializers.Field):
    """A modeltranslation field in both languages, e.g. ``{"sv": "Möte", "en": "Meeting"}``."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        values = {}
        for code in LANGUAGES:
            with translation.override(code):
                values[code] = getattr(instance, self.source) or ""
        return values


@extend_schema_field(
    {"type": "object", "properties": {code: {"type": "string"} for code in LANGUAGES}}
)
class PageUrlField(serializers.Field):
    """The object's page on the site, in both languages (absolute URLs)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance):
        request = self.context.get("request")
        urls = {}
        for code in LANGUAGES:
            with translation.override(code):
                path = instance.get_absolute_url()
            urls[code] = request.build_absolute_uri(path) if request else path
        return urls


class InstitutionRefSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Institution
        fields = ["id", "name"]


class InstitutionSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    city = TranslatedField()
    url = PageUrlField()
    is_current_member = serializers.BooleanField(read_only=True)

    class Meta:
        model = Institution
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "city",
            "country",
            "website",
            "member_since",
            "member_until",
            "is_current_member",
            "successor",
            "url",
        ]


class StudyVisitSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    description = TranslatedField()
    place = TranslatedField()

    class Meta:
        model = StudyVisit
        fields = ["id", "name", "description", "place", "link"]


_IN_BOTH = {"type": "object", "properties": {code: {"type": "string"} for code in LANGUAGES}}


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"speaker": _IN_BOTH, "url": _IN_BOTH},
            "required": ["speaker", "url"],
        },
    }
)
class TalksField(serializers.Field):
    """The item's guests, as the guests page names them: ``speaker`` is the name only of a
    guest shown by name, otherwise the role, and the organisation; ``url`` their place on
    the guests page. From the prefetched ``talks`` (api.views)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, item):
        request = self.context.get("request")
        talks = []
        for talk in item.talks.all():
            speaker, url = {}, {}
            for code in LANGUAGES:
                with translation.override(code):
                    speaker[code] = talk.speaker_label
                    path = talk.url
                url[code] = request.build_absolute_uri(path) if request else path
            talks.append({"speaker": speaker, "url": url})
        return talks


class AgendaItemSerializer(serializers.ModelSerializer):
    title = TranslatedField()
    description = TranslatedField()
    speakers = TranslatedField()
    guests = TalksField()

    class Meta:
        model = AgendaItem
        fields = ["id", "time", "title", "description", "speakers", "guests"]


TALKS = Talk.objects.select_related("guest", "organisation").order_by("order", "pk")


class PublicDocumentSerializer(serializers.ModelSerializer):
    title = TranslatedField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "title", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, document) -> str:
        request = self.context.get("request")
        path = reverse("meetings:document_download", kwargs={"pk": document.pk})
        return request.build_absolute_uri(path) if request else path


class MeetingSerializer(serializers.ModelSerializer):
    title = TranslatedField()
    summary = TranslatedField()
    city = TranslatedField()
    venue = TranslatedField()
    host_note = TranslatedField()
    hosts = serializers.SerializerMethodField()
    study_visits = StudyVisitSerializer(many=True, read_only=True)
    agenda_items = AgendaItemSerializer(many=True, read_only=True)
    documents = serializers.SerializerMethodField()
    url = PageUrlField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "date",
            "eve_date",
            "kind",
            "format",
            "title",
            "summary",
            "city",
            "venue",
            "hosts",
            "hosted_by_steering_group",
            "host_note",
            "study_visits",
            "agenda_items",
            "documents",
            "url",
        ]

    @extend_schema_field(InstitutionRefSerializer(many=True))
    def get_hosts(self, meeting):
        institutions = [hosting.institution for hosting in meeting.hostings.all()]
        return InstitutionRefSerializer(institutions, many=True, context=self.context).data

    @extend_schema_field(PublicDocumentSerializer(many=True))
    def get_documents(self, meeting):
        # Public documents only; members-only ones are never listed, not even by title.
        public = [d for d in meeting.documents.all() if d.is_public]
        return PublicDocumentSerializer(public, many=True, context=self.context).data


class SteeringGroupMembershipSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.name", read_only=True)
    title = serializers.SerializerMethodField()
    institution = InstitutionRefSerializer(read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = SteeringGroupMembership
        fields = [
            "id",
            "person",
            "title",
            "role",
            "institution",
            "started_on",
            "ended_on",
            "is_current",
        ]

    @extend_schema_field(
        {"type": "object", "properties": {code: {"type": "string"} for code in LANGUAGES}}
    )
    def get_title(self, membership):
        values = {}
        for code in LANGUAGES:
            with translation.override(code):
                values[code] = membership.shown_title or ""
        return values


class ParticipantSerializer(serializers.ModelSerializer):
    institution = InstitutionRefSerializer(read_only=True)
    note = TranslatedField()

    class Meta:
        model = Participant
        fields = ["institution", "role", "note"]


class ProjectSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    summary = TranslatedField()
    description = TranslatedField()
    # A project may have no coordinating institution: null.
    coordinating_institution = InstitutionRefSerializer(read_only=True, allow_null=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    funders = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    url = PageUrlField()

    class Meta:
        model = Project
        fields = [
            "id",
            "acronym",
            "name",
            "summary",
            "description",
            "started_on",
            "ended_on",
            "website",
            "coordinating_institution",
            "parent",
            "participants",
            "funders",
            "url",
        ]
