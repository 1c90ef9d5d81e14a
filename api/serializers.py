"""What the API shows of each object. Texts come as {"sv": …, "en": …}; English falls back to
Swedish as on the site. Only public material: no members-only documents, no contact details."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from meetings.models import AgendaItem, Document, Meeting, StudyVisit
from members.models import Institution
from projects.models import Participant, Project
from steering.models import SteeringGroupMembership

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
# A text in each language, as the schema gives it.
IN_EACH_LANGUAGE = {
    "type": "object",
    "properties": {code: {"type": "string"} for code in LANGUAGES},
}


def in_each_language(make) -> dict[str, str]:
    """``make()`` with each language active, by language code."""
    values = {}
    for code in LANGUAGES:
        with translation.override(code):
            values[code] = make()
    return values


def urls_in_each_language(request, make) -> dict[str, str]:
    """The paths ``make()`` gives in each language, absolute where there is a request."""
    paths = in_each_language(make)
    if request is None:
        return paths
    return {code: request.build_absolute_uri(path) for code, path in paths.items()}


@extend_schema_field(IN_EACH_LANGUAGE)
class TranslatedField(serializers.Field):
    """A modeltranslation field in both languages, e.g. ``{"sv": "Möte", "en": "Meeting"}``."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return in_each_language(lambda: getattr(instance, self.source) or "")


@extend_schema_field(IN_EACH_LANGUAGE)
class PageUrlField(serializers.Field):
    """The object's page on the site, in both languages (absolute URLs)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return urls_in_each_language(self.context.get("request"), instance.get_absolute_url)


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


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"speaker": IN_EACH_LANGUAGE, "url": IN_EACH_LANGUAGE},
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
        return [
            {
                "speaker": in_each_language(lambda talk=talk: talk.speaker_label),
                "url": urls_in_each_language(request, lambda talk=talk: talk.url),
            }
            for talk in item.talks.all()
        ]


class AgendaItemSerializer(serializers.ModelSerializer):
    title = TranslatedField()
    description = TranslatedField()
    speakers = TranslatedField()
    guests = TalksField()

    class Meta:
        model = AgendaItem
        fields = ["id", "time", "title", "description", "speakers", "guests"]


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

    @extend_schema_field(IN_EACH_LANGUAGE)
    def get_title(self, membership):
        return in_each_language(lambda: membership.shown_title or "")


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
