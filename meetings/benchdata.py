"""Synthetic meetings for ``manage.py benchdata`` (titles start with “[synthetic]”).

Per unit of scale: as many meetings as the seed archive has (16), each with hosts, agenda
items, study visits, photo records and documents. All photo records share one small
generated image, all documents one small PDF, so scaling costs rows, not disk.
"""

import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image

from core.protected_files import private_storage
from members.models import Institution

from .models import AgendaItem, Document, Meeting, MeetingHost, Photo, StudyVisit, Theme

SYNTHETIC_PREFIX = "[synthetic]"
MEETINGS_PER_SCALE = 16


def _shared_image_name() -> str:
    from django.core.files.storage import default_storage

    name = "meetings/photos/synthetic-benchdata.jpg"
    if not default_storage.exists(name):
        out = BytesIO()
        Image.new("RGB", (1200, 800), (11, 58, 102)).save(out, format="JPEG", quality=60)
        name = default_storage.save(name, ContentFile(out.getvalue()))
    return name


def _shared_document_name() -> str:
    storage = private_storage()
    name = "meetings/documents/synthetic-benchdata.pdf"
    if not storage.exists(name):
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        name = storage.save(name, ContentFile(pdf))
    return name


def meetings_benchdata(*, scale: int) -> None:
    synthetic = Institution.objects.filter(short_name__startswith="SYN").order_by("pk")
    hosts = list(synthetic.values_list("pk", flat=True))
    if not hosts:
        hosts = list(Institution.objects.order_by("pk").values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    visibilities = Document.Visibility.values
    image_name = _shared_image_name()
    document_name = _shared_document_name()
    start = Meeting.objects.filter(title_sv__startswith=SYNTHETIC_PREFIX).count()
    first_day = datetime.date(1990, 1, 10)

    meetings = []
    for number in range(start + 1, start + 1 + MEETINGS_PER_SCALE * scale):
        date = first_day + datetime.timedelta(days=7 * number)
        meetings.append(
            Meeting(
                date=date,
                eve_date=date - datetime.timedelta(days=1),
                kind=Meeting.Kind.NETWORK_MEETING,
                format=Meeting.Format.ON_SITE,
                title_sv=f"{SYNTHETIC_PREFIX} Möte {number}",
                title_en=f"{SYNTHETIC_PREFIX} Meeting {number}",
                slug_sv=f"syntetiskt-{number}",
                slug_en=f"synthetic-{number}",
                summary_sv="Syntetiskt möte för prestandamätning.",
                summary_en="A synthetic meeting for performance measurement.",
                city_sv="Syntetstad",
                city_en="Synthetic City",
                is_published=True,
            )
        )
    meetings = Meeting.objects.bulk_create(meetings, batch_size=500)

    hostings, visits, items, photos, documents, theme_links = [], [], [], [], [], []
    ThemeLink = Meeting.themes.through
    for index, meeting in enumerate(meetings):
        for position in range(2 if index % 3 == 0 else 1):
            # Counted on from the meetings already made: each run spreads its hosts further.
            institution = hosts[(start + index + position * 7) % len(hosts)]
            hostings.append(
                MeetingHost(meeting_id=meeting.pk, institution_id=institution, position=position)
            )
        for order in range(2):
            visits.append(
                StudyVisit(
                    meeting_id=meeting.pk,
                    order=order,
                    name_sv=f"{SYNTHETIC_PREFIX} Studiebesök {order + 1}",
                    name_en=f"{SYNTHETIC_PREFIX} Study visit {order + 1}",
                )
            )
        for order in range(6):
            items.append(
                AgendaItem(
                    meeting_id=meeting.pk,
                    order=order,
                    time=datetime.time(9 + order),
                    title_sv=f"{SYNTHETIC_PREFIX} Punkt {order + 1}",
                    title_en=f"{SYNTHETIC_PREFIX} Item {order + 1}",
                    speakers_sv="Syntetisk Talare, roll, organisation",
                )
            )
        for order in range(3):
            photos.append(
                Photo(
                    meeting_id=meeting.pk,
                    order=order,
                    image=image_name,
                    image_480=image_name,
                    image_960=image_name,
                    width=1200,
                    height=800,
                    alt_sv="Syntetisk bild: en blå yta.",
                    alt_en="Synthetic image: a blue area.",
                    caption_sv=f"{SYNTHETIC_PREFIX} Bild {order + 1}",
                )
            )
        for order, visibility in enumerate(visibilities):
            documents.append(
                Document(
                    meeting_id=meeting.pk,
                    order=order,
                    title_sv=f"{SYNTHETIC_PREFIX} Dokument {order + 1}",
                    title_en=f"{SYNTHETIC_PREFIX} Document {order + 1}",
                    file=document_name,
                    visibility=visibility,
                )
            )
        if themes:
            theme_links.append(
                ThemeLink(meeting_id=meeting.pk, theme_id=themes[index % len(themes)])
            )
    MeetingHost.objects.bulk_create(hostings, batch_size=1000)
    StudyVisit.objects.bulk_create(visits, batch_size=1000)
    AgendaItem.objects.bulk_create(items, batch_size=1000)
    Photo.objects.bulk_create(photos, batch_size=1000)
    Document.objects.bulk_create(documents, batch_size=1000)
    ThemeLink.objects.bulk_create(theme_links, batch_size=1000)
