"""The record's public page and PDF, and its review by the attendees in the members' area."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from meetings.models import Meeting
from members.permissions import is_member, member_required

from . import selectors
from .forms import RecordCommentForm
from .models import CarriedQuestion, Record
from .pdf import record_pdf_bytes
from .services import record_comment_send


def _meeting(slug: str) -> Meeting:
    return get_object_or_404(Meeting.objects.published(), slug=slug)


def _other_language_slug(view_name: str, slug: str):
    """A redirect to the address in this language when ``slug`` is the other language's
    (as the meeting page does), else None."""
    other = Meeting.objects.published().filter(Q(slug_sv=slug) | Q(slug_en=slug)).first()
    if other is None or other.slug == slug:
        return None
    return redirect(view_name, slug=other.slug, permanent=True)


def _record_context(meeting: Meeting, record: Record, *, member: bool) -> dict:
    grouped = selectors.group_sections(record.visible_sections)
    return {
        "meeting": meeting,
        "record": record,
        "parts": grouped,
        "raised_questions": list(
            CarriedQuestion.objects.filter(raised_at=meeting)
            .visible_to(member=member)
            .select_related("resolved_at")
        ),
        "documents": [d for d in record.documents.all() if member or d.is_public],
        "photos": list(record.photos.all()),
        "has_hidden_parts": not member and record.members_parts > 0,
        "pdf_links": selectors.pdf_links(meeting),
    }


@require_GET
def record_detail(request, slug):
    if moved := _other_language_slug("records:record_detail", slug):
        return moved
    meeting = _meeting(slug)
    member = is_member(request.user)
    record = selectors.record_for_page(meeting, member=member)
    if record is None:
        raise Http404
    return render(
        request,
        "records/record_detail.html",
        {"object": record, **_record_context(meeting, record, member=member)},
    )


@require_GET
def record_pdf(request, slug):
    """The final record in the URL's language; members-only parts for members only."""
    if moved := _other_language_slug("records:record_pdf", slug):
        return moved
    meeting = _meeting(slug)
    member = is_member(request.user)
    record = selectors.record_for_page(meeting, member=member)
    if record is None:
        raise Http404
    language = translation.get_language()
    pdf = record_pdf_bytes(
        _record_context(meeting, record, member=member),
        language=language,
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{meeting.date:%Y-%m-%d}-{meeting.slug}-{language}.pdf"'
    )
    if member:
        patch_cache_control(response, private=True)
    return response


@member_required
@require_http_methods(["GET", "POST"])
def record_review(request, pk):
    """A record in review, for the members who attended its meeting: read it, send
    corrections and additions."""
    record = selectors.record_for_review(pk, request.user)
    if record is None:
        raise Http404
    form = RecordCommentForm(request.POST or None, sections=record.visible_sections)
    if request.method == "POST" and form.is_valid():
        try:
            record_comment_send(
                record=record,
                author=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                section=form.cleaned_data["section"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you. The coordinator will accept or reject your comment.")
            )
            return redirect("records_area:record_review", pk=record.pk)
    return render(
        request,
        "records/area/record_review.html",
        {
            "record": record,
            "meeting": record.meeting,
            "parts": selectors.group_sections(record.visible_sections),
            "form": form,
            "my_comments": list(record.comments.filter(author=request.user)),
        },
    )
