import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from members.groups import (
    COORDINATOR_GROUP,
    LIMITED,
    WITHHELD,
    coordinator_group_ensure,
    coordinator_permissions,
)
from members.models import Invitation, User
from members.permissions import is_member
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_coordinator_group_covers_the_content_models():
    group = coordinator_group_ensure()
    codenames = set(group.permissions.values_list("codename", flat=True))
    for codename in [
        "change_page",
        "add_institution",
        "delete_person",
        "add_meeting",
        "change_document",
        "add_invitation",
        "view_user",
        "change_user",
    ]:
        assert codename in codenames
    assert not {"add_user", "delete_user", "change_group", "change_permission"} & codenames


def test_coordinator_group_is_created_once():
    coordinator_group_ensure()
    coordinator_group_ensure()
    assert Group.objects.filter(name=COORDINATOR_GROUP).count() == 1


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:members_user_changelist",
        "admin:members_invitation_changelist",
        "admin:members_invitation_add",
        "admin:members_person_changelist",
        "admin:meetings_meeting_changelist",
        "admin:meetings_theme_add",
        "admin:projects_project_changelist",
        "admin:steering_workinggroup_changelist",
        "admin:klossnet_page_changelist",
    ],
)
def test_coordinator_without_superuser_rights_does_content_work(coordinator_client, url_name):
    assert coordinator_client.get(reverse(url_name)).status_code == 200


def test_coordinator_opens_every_admin_list_but_the_withheld(coordinator_client):
    """Nothing forgotten: every model in the admin, 200, but for members.groups.WITHHELD."""
    answers = {
        (model._meta.app_label, model._meta.model_name): coordinator_client.get(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        ).status_code
        for model in admin.site._registry
    }
    assert {label for label, status in answers.items() if status == 403} == WITHHELD
    assert {status for label, status in answers.items() if label not in WITHHELD} == {200}


def test_coordinator_may_do_everything_with_every_model_in_the_admin_and_its_inlines(
    coordinator,
):
    """The inlines too (a meeting's places and registration period): all four permissions
    on each, except the logins (LIMITED) and what is WITHHELD."""
    models = set()
    for model, model_admin in admin.site._registry.items():
        models.add(model)
        models.update(inline.model for inline in model_admin.inlines)
    missing = [
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in models
        if (model._meta.app_label, model._meta.model_name) not in LIMITED.keys() | WITHHELD
        for action in ("add", "change", "delete", "view")
        if not coordinator.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
    ]
    assert missing == []


def test_migrate_keeps_the_coordinator_group_up_to_date():
    """A release that adds a model needs no step: after migrate the group has its rights."""
    group = coordinator_group_ensure()
    group.permissions.clear()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert set(Group.objects.get(name=COORDINATOR_GROUP).permissions.all()) == set(
        coordinator_permissions()
    )
    assert coordinator_permissions().filter(content_type__app_label="registration").exists()


def test_coordinator_cannot_edit_groups(coordinator_client):
    assert coordinator_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_coordinator_cannot_make_anyone_superuser(coordinator_client, member):
    html = coordinator_client.get(
        reverse("admin:members_user_change", args=[member.pk])
    ).content.decode()
    assert 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html


def test_user_list_shows_person_institution_and_member_status(
    coordinator_client, member, non_member, django_assert_max_num_queries
):
    UserFactory.create_batch(5)
    with django_assert_max_num_queries(12):
        html = coordinator_client.get(reverse("admin:members_user_changelist")).content.decode()
    assert "Ada Lovelace" in html
    assert str(member.person.institution) in html


def test_user_list_query_count_does_not_grow(coordinator_client, member_institution):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            coordinator_client.get(reverse("admin:members_user_changelist"))
        return len(context.captured_queries)

    for _ in range(2):
        PersonFactory(institution=member_institution, user=UserFactory())
    small = count_queries()
    for _ in range(10):
        PersonFactory(institution=member_institution, user=UserFactory())
    assert count_queries() == small


def test_approve_action_lets_a_self_sign_up_in(coordinator_client, member_institution):
    user = UserFactory()
    PersonFactory(institution=member_institution, user=user)
    assert not is_member(user)
    coordinator_client.post(
        reverse("admin:members_user_changelist"),
        {"action": "approve_sign_ups", "_selected_action": [user.pk]},
    )
    assert is_member(User.objects.get(pk=user.pk))


def test_mark_as_member_action(coordinator_client, non_member):
    coordinator_client.post(
        reverse("admin:members_user_changelist"),
        {"action": "mark_as_member", "_selected_action": [non_member.pk]},
    )
    assert is_member(User.objects.get(pk=non_member.pk))


def test_coordinator_links_a_login_to_a_person(coordinator_client, member_institution):
    user = UserFactory(approved_at="2026-01-01T00:00Z")
    person = PersonFactory(institution=member_institution)
    url = reverse("admin:members_user_change", args=[user.pk])
    form = coordinator_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key in form.fields and value is not None and key not in {"groups", "user_permissions"}
    }
    data.update({"person": person.pk, "date_joined_0": "2026-01-01", "date_joined_1": "00:00"})
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.user == user


def test_invitation_form_in_the_admin_sends_the_email(coordinator_client, member_institution):
    person = PersonFactory(institution=member_institution, email="grace@medlem.se")
    response = coordinator_client.post(
        reverse("admin:members_invitation_add"), {"person": person.pk, "email": "", "language": ""}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "grace@medlem.se"
    assert invitation.invited_by.email == "koordinator@kth.se"
    assert len(mail.outbox) == 1
    assert re.search(r"http://testserver/sv/\S+/", mail.outbox[0].body)


def test_invitation_form_refuses_a_person_without_email(coordinator_client, member_institution):
    person = PersonFactory(institution=member_institution, email="")
    response = coordinator_client.post(
        reverse("admin:members_invitation_add"), {"person": person.pk, "email": "", "language": ""}
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_invite_action_on_people(coordinator_client, member_institution, member):
    invitable = PersonFactory(institution=member_institution, email="grace@medlem.se")
    response = coordinator_client.post(
        reverse("admin:members_person_changelist"),
        {"action": "invite_people", "_selected_action": [invitable.pk, member.person.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Invitation.objects.get().person == invitable
    assert len(mail.outbox) == 1


def test_ensure_coordinator_creates_a_verified_coordinator_in_the_group():
    import io

    from allauth.account.models import EmailAddress
    from django.core.management import call_command

    call_command("ensure_coordinator", stdout=io.StringIO())
    coordinator = User.objects.get(email="koordinator@example.org")
    assert coordinator.groups.filter(name=COORDINATOR_GROUP).exists()
    assert EmailAddress.objects.get(user=coordinator).verified
    call_command("ensure_coordinator", stdout=io.StringIO())
    assert User.objects.filter(email="koordinator@example.org").count() == 1
