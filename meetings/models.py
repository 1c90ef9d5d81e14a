"""The meeting archive: meetings, who hosted them, what happened and the material from them.

A network meeting usually has three parts: study visits the day before, dinner and an
informal meeting the evening before, and the all-day meeting with its agenda. Round-table
talks (such as those in Almedalen) and other events are meetings of another kind.
"""

import datetime
import os
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from PIL import Image, features

from core.periods import today
from core.protected_files import private_storage
from core.publishing import PublicationWindow, published_q, window_constraint
from core.tasks import enqueue_on_commit
from core.uploads import (
    ImageUploadField,
    SafeUploadTo,
    image_cleaned,
    validate_document,
    validate_image,
)
from members.models import Institution

# Widths of the responsive renditions generated for every photo (used in srcset).
PHOTO_WIDTHS = (480, 960, 1600)
# Offered before the original's JPEG/PNG: (type, Pillow format, extension, encoder options).
# AVIF at speed 9: a fifth of speed 8's time (2.5 s → 0.5 s for the three sizes of a large
# photo, within the request) for files about a fifth larger, still the size of the WebP.
MODERN_FORMATS = (
    ("image/avif", "AVIF", ".avif", {"quality": 60, "speed": 9}),
    ("image/webp", "WEBP", ".webp", {"quality": 80, "method": 4}),
)


class ThemeQuerySet(models.QuerySet):
    def taken_up(self):
        """Themes that a published meeting took up, as a whole, in an agenda item or visit."""
        # One subquery per link table: joining all three at once and taking DISTINCT
        # multiplies the rows (seconds on a large archive).
        meetings = Meeting.objects.published().values("pk")
        return self.filter(
            Q(pk__in=Meeting.themes.through.objects.filter(meeting__in=meetings).values("theme"))
            | Q(
                pk__in=AgendaItem.themes.through.objects.filter(
                    agendaitem__meeting__in=meetings
                ).values("theme")
            )
            | Q(
                pk__in=StudyVisit.themes.through.objects.filter(
                    studyvisit__meeting__in=meetings
                ).values("theme")
            )
        )


class Theme(models.Model):
    """A recurring theme of the meetings, e.g. driving forces and incentives for collaboration.

    Meetings, agenda items, study visits, projects and working groups carry themes; the
    theme's page is the network's memory of everything that took it up.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The last part of the theme page's address."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences on the theme.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The English page needs a slug too: fall back to the Swedish one.
        if not getattr(self, "slug_sv", None):
            self.slug_sv = self.slug or slugify(self.name_sv or self.name)[:100]
        if not getattr(self, "slug_en", None):
            self.slug_en = self.slug_sv
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("overview:theme_detail", kwargs={"slug": self.slug})


class MeetingQuerySet(models.QuerySet):
    def published(self):
        """Published and inside the publication window now."""
        return self.filter(published_q())

    def upcoming(self, on: datetime.date | None = None):
        """Meetings on or after ``on`` (today by default), the soonest first."""
        return self.filter(date__gte=on or today()).order_by("date")

    def past(self, on: datetime.date | None = None):
        """Meetings before ``on`` (today by default), the latest first."""
        return self.filter(date__lt=on or today()).order_by("-date")

    def with_theme(self, theme):
        """Meetings that took up ``theme``: as a whole, in an agenda item or a study visit."""
        return self.filter(
            Q(pk__in=Meeting.themes.through.objects.filter(theme=theme).values("meeting_id"))
            | Q(
                pk__in=AgendaItem.themes.through.objects.filter(theme=theme).values(
                    "agendaitem__meeting_id"
                )
            )
            | Q(
                pk__in=StudyVisit.themes.through.objects.filter(theme=theme).values(
                    "studyvisit__meeting_id"
                )
            )
        )


class Meeting(PublicationWindow):
    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("network meeting")
        ROUND_TABLE = "round_table", _("round-table talk")
        OTHER = "other", _("other")

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("on site")
        DIGITAL = "digital", _("digital")
        HYBRID = "hybrid", _("hybrid")

    date = models.DateField(_("date"), help_text=_("The day of the all-day meeting."))
    eve_date = models.DateField(
        _("day before"),
        null=True,
        blank=True,
        help_text=_("When there are study visits and a dinner the day before: that date."),
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.NETWORK_MEETING
    )
    format = models.CharField(
        _("format"),
        max_length=20,
        choices=Format.choices,
        blank=True,
        help_text=_("Leave empty when it is not known."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the page address, e.g. 2019-11-06-falun."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("Blank lines separate paragraphs; lines starting with “- ” make a list."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    hosts = models.ManyToManyField(
        Institution,
        verbose_name=_("host institutions"),
        through="MeetingHost",
        related_name="hosted_meetings",
        blank=True,
    )
    hosted_by_steering_group = models.BooleanField(
        _("hosted by the steering group"),
        default=False,
        help_text=_("Tick when KLOSSnet’s steering group hosted, alone or with institutions."),
    )
    host_note = models.CharField(
        _("host as written"),
        max_length=200,
        blank=True,
        help_text=_(
            "How the host was named, e.g. “Lärosäten Syd” or “LiU/KLOSSnet styrgrupp”. "
            "Shown only when no host institution is linked: the links name the hosts then."
        ),
    )
    dinner_note = models.TextField(
        _("dinner and informal meeting"),
        blank=True,
        help_text=_("The dinner and informal meeting the evening before: where and what."),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="meetings", blank=True
    )
    photo_note = models.TextField(
        _("photo captions (text)"),
        blank=True,
        help_text=_(
            "Captions of photos from the meeting that are described but not published here, "
            "one per paragraph."
        ),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eve_date__isnull=True) | Q(eve_date__lt=models.F("date")),
                name="meeting_eve_before_date",
            ),
            window_constraint("meeting_publish_window_ordered"),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def save(self, *args, **kwargs):
        # The English page needs a slug too: fall back to the Swedish one.
        if not getattr(self, "slug_sv", None):
            self.slug_sv = self.slug or slugify(f"{self.date}-{self.title}")[:200]
        if not getattr(self, "slug_en", None):
            self.slug_en = self.slug_sv
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.eve_date and self.date and self.eve_date >= self.date:
            raise ValidationError({"eve_date": _("The day before must be before the meeting.")})

    @property
    def is_upcoming(self) -> bool:
        return self.date >= today()

    @property
    def start_date(self) -> datetime.date:
        return self.eve_date or self.date

    @property
    def place(self) -> str:
        """Venue and city, as far as they are known."""
        return ", ".join(part for part in (self.venue, self.city) if part)


class MeetingHost(models.Model):
    """An institution hosting a meeting. Institutions that hosted can never be deleted."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="hostings"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="hostings",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("host")
        verbose_name_plural = _("hosts")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "institution"], name="meeting_host_once_per_meeting"
            )
        ]

    def __str__(self):
        return str(self.institution)


class StudyVisit(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="study_visits"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="study_visits", blank=True
    )

    class Meta:
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    time = models.TimeField(_("time"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    speakers = models.TextField(
        _("speakers"),
        blank=True,
        help_text=_(
            "One per line: name, role, organisation – e.g. “Darja Isaksson, generaldirektör, "
            "Vinnova”. Plain text, so the archive stays intact if a person is erased."
        ),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="agenda_items", blank=True
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "time", "pk"]

    def __str__(self):
        return self.title

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in (self.speakers or "").splitlines() if line.strip()]


class Photo(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="photos"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    image = ImageUploadField(
        _("image"),
        upload_to=SafeUploadTo("meetings/photos"),
        validators=[validate_image],
        width_field="width",
        height_field="height",
        help_text=_(
            "JPEG, PNG, WebP or GIF, at most 10 MB. Location and camera data are removed on upload."
        ),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    image_480 = models.ImageField(
        upload_to=SafeUploadTo("meetings/photos/480"), blank=True, editable=False
    )
    image_960 = models.ImageField(
        upload_to=SafeUploadTo("meetings/photos/960"), blank=True, editable=False
    )
    image_1600 = models.ImageField(
        upload_to=SafeUploadTo("meetings/photos/1600"), blank=True, editable=False
    )
    # Modern formats of the same sizes: {"image/avif": [[name, width], …], "image/webp": …}.
    sources = models.JSONField(default=dict, blank=True, editable=False)
    alt = models.CharField(
        _("description (alt text)"),
        max_length=300,
        help_text=_("Required: describe what the photo shows for those who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    photographer = models.CharField(_("photographer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption or self.alt

    def save(self, *args, **kwargs):
        if self.image and not getattr(self.image, "_committed", True):
            # A new upload: strip EXIF (GPS, camera serial) before anything is written. The
            # earlier image's renditions go with it (core.stored_files, on commit).
            clean = image_cleaned(self.image.file, name=self.image.name)
            self.image.save(clean.content.name, clean.content, save=False)
            for width in PHOTO_WIDTHS:
                setattr(self, f"image_{width}", "")
            self.sources = {}
        super().save(*args, **kwargs)
        if self.image and not self.has_renditions:
            # Renditions take seconds (AVIF and WebP at three sizes: about 1 s for a
            # 1200-pixel photo, 3 s for 24 megapixels), so the worker makes them; until
            # then the page shows the original. A photo whose task was lost gets one
            # on its next save.
            result = enqueue_on_commit(
                photo_renditions_task, photo_pk=self.pk, image=self.image.name
            )
            if result is not None and result.is_finished:  # run at once (immediate backend)
                self.refresh_from_db(fields=RENDITION_FIELDS)

    @property
    def has_renditions(self) -> bool:
        """Are the sizes made? (The smallest is set for every photo once they are.)"""
        return bool(self.image_480)

    def renditions_make(self) -> list[str]:
        """Make the sizes and modern formats of the stored image (the worker's part); the
        caller saves ``RENDITION_FIELDS``. Returns the names of the files written."""
        storage = self.image.storage
        with storage.open(self.image.name, "rb") as file:
            image = Image.open(file)
            image.load()
        self._make_renditions(image, image.format, self.image.name)
        written = {getattr(self, f"image_{width}").name for width in PHOTO_WIDTHS}
        written |= {name for _storage, name in self.extra_stored_files()}
        return sorted(written - {self.image.name})

    def _make_renditions(self, original: Image.Image, fmt: str, name: str) -> None:
        """Every size in the original's format, AVIF and WebP, from the pixels decoded once.

        A 40-megapixel photo is reduced once (``reducing_gap``: a fast box reduction to
        about twice the size, then Lanczos) to the largest width; each smaller width is made
        from the next larger one, and every format of a width from the same pixels.
        """
        base, extension = os.path.splitext(os.path.basename(name))
        mode = "RGBA" if original.mode in ("RGBA", "LA", "P", "PA") else "RGB"
        source = original if original.mode == mode else original.convert(mode)
        resized: dict[int, Image.Image] = {original.width: source}
        for width in sorted(PHOTO_WIDTHS, reverse=True):
            if width >= original.width:
                continue
            height = max(1, round(original.height * width / original.width))
            source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)
            resized[width] = source
        for width in PHOTO_WIDTHS:
            field = getattr(self, f"image_{width}")
            if original.width <= width:
                field.name = self.image.name  # no upscaling: the original serves this size
                continue
            out = BytesIO()
            options = {"quality": 85, "optimize": True} if fmt == "JPEG" else {}
            resized[width].save(out, format=fmt, **options)
            field.save(f"{base}-{width}{extension}", ContentFile(out.getvalue()), save=False)
        widths = sorted({min(width, original.width) for width in PHOTO_WIDTHS})
        self.sources = self._modern_renditions({width: resized[width] for width in widths}, base)

    def _modern_renditions(self, resized: dict[int, Image.Image], base: str) -> dict[str, list]:
        """AVIF (when Pillow has it) and WebP at every rendition width, never upscaled."""
        storage = self.image.storage
        sources: dict[str, list] = {}
        for mime, fmt, extension, options in MODERN_FORMATS:
            if not features.check(fmt.lower()):
                continue
            entries = []
            for width, image in resized.items():
                out = BytesIO()
                image.save(out, format=fmt, **options)
                name = storage.save(
                    f"meetings/photos/{width}/{base}-{width}{extension}",
                    ContentFile(out.getvalue()),
                )
                entries.append([name, width])
            sources[mime] = entries
        return sources

    def extra_stored_files(self) -> list[tuple]:
        """The AVIF and WebP renditions, which only ``sources`` names (core.stored_files
        deletes them with the photo, or when the image is replaced)."""
        storage = self.image.storage
        return [
            (storage, name) for entries in (self.sources or {}).values() for name, _w in entries
        ]

    @property
    def modern_sources(self) -> list[tuple[str, str]]:
        """``(type, srcset)`` for each <source> of the <picture>, best format first."""
        storage = self.image.storage
        return [
            (mime, ", ".join(f"{storage.url(name)} {width}w" for name, width in entries))
            for mime, *_rest in MODERN_FORMATS
            if (entries := self.sources.get(mime))
        ]

    @property
    def srcset(self) -> str:
        """``url width`` pairs for the generated sizes, each URL once."""
        entries, seen = [], set()
        for width in PHOTO_WIDTHS:
            field = getattr(self, f"image_{width}")
            if not field:
                continue
            size = width if field.name != self.image.name else (self.width or width)
            if field.name in seen:
                continue
            seen.add(field.name)
            entries.append(f"{field.url} {size}w")
        return ", ".join(entries)

    @property
    def src(self) -> str:
        """The 960-pixel size, or the original until the sizes are made."""
        field = self.image_960 or self.image
        return field.url


RENDITION_FIELDS = [*(f"image_{width}" for width in PHOTO_WIDTHS), "sources"]


def photo_renditions_save(*, photo_pk: int, image: str) -> bool:
    """The rendition task's work: make the sizes of photo ``photo_pk`` if it still shows
    ``image`` and has none yet; False when there is nothing to do (deleted, replaced: the
    new image has its own task)."""
    photo = Photo.objects.filter(pk=photo_pk).first()
    if photo is None or photo.image.name != image:
        return False
    if photo.has_renditions:  # a second task (two saves before the worker ran, a retry)
        return True
    written = photo.renditions_make()
    with transaction.atomic():
        current = Photo.objects.select_for_update().filter(pk=photo_pk).first()
        if current is not None and current.image.name == image and not current.has_renditions:
            photo.save(update_fields=RENDITION_FIELDS)
            return True
    # Deleted, replaced or made by another worker while these were made: no row names them.
    storage = photo.image.storage
    for name in written:
        storage.delete(name)
    return False


def photo_restored(sender, instance: Photo, raw: bool = False, **kwargs) -> None:
    """post_save (MeetingsConfig.ready): a raw save skips Photo.save, and restoring a version
    from the history is one; a version saved before the worker made the sizes has none, so
    the restored photo gets its task here."""
    if raw and instance.image and not instance.has_renditions:
        enqueue_on_commit(photo_renditions_task, photo_pk=instance.pk, image=instance.image.name)


# Defined beside the work it does, which enqueues it (Photo.save), as core/mail.py's tasks.
@task()
def photo_renditions_task(*, photo_pk: int, image: str) -> bool:
    """Make a photo's sizes (480, 960, 1600 pixels wide) and AVIF and WebP renditions."""
    return photo_renditions_save(photo_pk=photo_pk, image=image)


class DocumentFieldFile(models.fields.files.FieldFile):
    """A document's URL is the permission-checking download view, never a storage URL."""

    @property
    def url(self):
        self._require_file()
        return self.instance.get_absolute_url()


class DocumentFileField(models.FileField):
    attr_class = DocumentFieldFile


class Document(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        MEMBERS = "members", _("members only")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    # Every document lives outside MEDIA_ROOT and is served through a view, so changing the
    # visibility never needs a file to move and a members-only file has no public URL.
    file = DocumentFileField(
        _("file"),
        upload_to=SafeUploadTo("meetings/documents"),
        storage=private_storage,
        validators=[validate_document],
        max_length=200,
        help_text=_("PDF, Office document or image, at most 25 MB."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:document_download", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name)[1].lstrip(".").upper()
