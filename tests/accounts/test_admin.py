import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
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
from members.models import Invitation, Person, User
from members.permissions import is_member
from tests.admin_forms import change_form_data
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
        "admin:network_page_changelist",
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


# Actions that only read (exports, printouts): viewing the list is right enough for them.
READ_ONLY_ACTIONS = {"export_csv", "export_xlsx", "diet_list", "name_badges"}


def test_staff_who_may_only_view_are_offered_only_the_actions_that_read(rf):
    """An action changes, adds, deletes or sends: it asks for that right, not only the view."""
    offered = {}
    for model, model_admin in admin.site._registry.items():
        viewer = UserFactory(is_staff=True)
        viewer.user_permissions.add(
            Permission.objects.get(
                content_type__app_label=model._meta.app_label,
                codename=f"view_{model._meta.model_name}",
            )
        )
        request = rf.get("/admin/")
        request.user = viewer
        actions = set(model_admin.get_actions(request)) - READ_ONLY_ACTIONS
        if actions:
            offered[model._meta.label] = actions
    assert offered == {}


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
    response = coordinator_client.get(reverse("admin:members_user_change", args=[member.pk]))
    assert 'name="is_superuser"' not in response.content.decode()
    offered = response.context["adminform"].form.fields["user_permissions"].queryset
    assert not offered.filter(codename__in=["change_group", "delete_user", "add_user"]).exists()


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


def test_ensure_coordinator_creates_a_verified_coordinator_in_the_group(client):
    import io

    from allauth.account.models import EmailAddress
    from django.core.management import call_command

    call_command("ensure_coordinator", stdout=io.StringIO())
    coordinator = User.objects.get(email="koordinator@example.org")
    assert coordinator.groups.filter(name=COORDINATOR_GROUP).exists()
    assert EmailAddress.objects.get(user=coordinator).verified
    # The development login has the coordinator's powers, not a superuser's.
    assert coordinator.is_staff and not coordinator.is_superuser
    client.force_login(coordinator)
    assert client.get("/admin/registration/registration/").status_code == 200
    assert client.get("/admin/auth/group/").status_code == 403
    call_command("ensure_coordinator", stdout=io.StringIO())
    assert User.objects.filter(email="koordinator@example.org").count() == 1


# --- Powers: no one changes a login with more rights than their own ---------------------------


@pytest.fixture
def superuser(db):
    user = UserFactory(
        username="root@kth.se", email="root@kth.se", is_staff=True, is_superuser=True
    )
    user.set_password("the-original-password")
    user.save()
    EmailAddress.objects.create(user=user, email="root@kth.se", verified=True, primary=True)
    return user


@pytest.fixture
def powerful_group(db):
    """A group with a right the coordinator does not have."""
    group = Group.objects.create(name="Behörigheter")
    group.permissions.add(Permission.objects.get(codename="change_group"))
    return group


def user_form_data(client, user) -> dict:
    page = client.get(reverse("admin:members_user_change", args=[user.pk]))
    assert page.status_code == 200
    return change_form_data(page)


def test_coordinator_cannot_change_a_superusers_password(coordinator_client, superuser):
    url = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert coordinator_client.get(url).status_code == 403
    response = coordinator_client.post(
        url, {"password1": "taken-over-123", "password2": "taken-over-123"}
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password("the-original-password")


def test_a_superuser_is_read_only_for_a_coordinator(coordinator_client, superuser, coordinator):
    url = reverse("admin:members_user_change", args=[superuser.pk])
    html = coordinator_client.get(url).content.decode()
    assert 'name="email"' not in html and 'name="is_active"' not in html
    response = coordinator_client.post(
        url,
        {"username": "root@kth.se", "email": "evil@example.org", "groups": [], "is_staff": "on"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert (superuser.email, superuser.is_active, superuser.is_superuser) == (
        "root@kth.se",
        True,
        True,
    )


def test_coordinator_cannot_take_over_a_login_with_rights_they_lack(
    coordinator_client, powerful_group
):
    staff = UserFactory(is_staff=True)
    staff.groups.add(powerful_group)
    url = reverse("admin:auth_user_password_change", args=[staff.pk])
    assert coordinator_client.get(url).status_code == 403
    response = coordinator_client.post(
        reverse("admin:members_user_change", args=[staff.pk]), {"email": "evil@example.org"}
    )
    assert response.status_code == 403


def test_coordinator_still_looks_after_ordinary_logins(coordinator_client, member):
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    response = coordinator_client.post(
        url,
        {"password1": "a-new-pass-4711", "password2": "a-new-pass-4711", "usable_password": "true"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-new-pass-4711")


def test_staff_who_may_delete_logins_cannot_delete_a_superuser(client, coordinator, superuser):
    coordinator.user_permissions.add(Permission.objects.get(codename="delete_user"))
    client.force_login(coordinator)
    delete = reverse("admin:members_user_delete", args=[superuser.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:members_user_changelist"),
        {"action": "delete_selected", "_selected_action": [superuser.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=superuser.pk).exists()


def test_bulk_actions_on_logins_leave_superusers_alone(coordinator_client, superuser):
    User.objects.filter(pk=superuser.pk).update(marked_as_member=True)
    response = coordinator_client.post(
        reverse("admin:members_user_changelist"),
        {"action": "unmark_as_member", "_selected_action": [superuser.pk]},
        follow=True,
    )
    superuser.refresh_from_db()
    assert superuser.marked_as_member
    html = response.content.decode()
    assert "0 inloggningar ändrade." in html
    assert "1 inloggning lämnades orörd" in html


def test_coordinator_cannot_erase_a_superuser_through_their_person(
    coordinator_client, superuser, member_institution
):
    person = PersonFactory(institution=member_institution, user=superuser)
    response = coordinator_client.post(
        reverse("admin:members_person_changelist"),
        {"action": "erase_people", "_selected_action": [person.pk], "confirm_erase": "yes"},
        follow=True,
    )
    assert User.objects.filter(pk=superuser.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()
    assert "Inget raderades" in response.content.decode()


def test_coordinator_cannot_move_a_superusers_email_address(coordinator_client, superuser):
    """Else a password reset to the new address would take the account over."""
    address = EmailAddress.objects.get(user=superuser)
    change = reverse("admin:account_emailaddress_change", args=[address.pk])
    response = coordinator_client.post(
        change, {"user": superuser.pk, "email": "evil@example.org", "verified": "on"}
    )
    assert response.status_code == 403
    response = coordinator_client.post(
        reverse("admin:account_emailaddress_add"),
        {"user": superuser.pk, "email": "evil@example.org", "verified": "on", "primary": "on"},
    )
    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email="evil@example.org").exists()
    unverified = EmailAddress.objects.create(user=superuser, email="root2@kth.se")
    coordinator_client.post(
        reverse("admin:account_emailaddress_changelist"),
        {"action": "make_verified", "_selected_action": [unverified.pk]},
    )
    unverified.refresh_from_db()
    assert not unverified.verified


def test_coordinator_makes_a_login_a_coordinator(coordinator_client, member):
    group = Group.objects.get(name=COORDINATOR_GROUP)
    data = user_form_data(coordinator_client, member)
    data["groups"] = [group.pk]
    response = coordinator_client.post(reverse("admin:members_user_change", args=[member.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(member.groups.all()) == [group]


def test_coordinator_cannot_hand_out_a_group_with_rights_they_lack(
    coordinator_client, coordinator, powerful_group
):
    for user in [UserFactory(), coordinator]:
        data = user_form_data(coordinator_client, user)
        data["groups"] = [*data.get("groups", []), powerful_group.pk]
        response = coordinator_client.post(
            reverse("admin:members_user_change", args=[user.pk]), data
        )
        assert response.status_code == 200
        assert "groups" in response.context["adminform"].form.errors
        assert not user.groups.filter(pk=powerful_group.pk).exists()


def test_coordinator_cannot_hand_out_a_permission_they_lack(coordinator_client, coordinator):
    lacking = Permission.objects.get(codename="change_group")
    held = Permission.objects.get(codename="change_meeting")
    for user in [UserFactory(), coordinator]:
        url = reverse("admin:members_user_change", args=[user.pk])
        data = user_form_data(coordinator_client, user)
        data["user_permissions"] = [lacking.pk]
        response = coordinator_client.post(url, data)
        assert "user_permissions" in response.context["adminform"].form.errors
        assert not user.user_permissions.exists()
        data["user_permissions"] = [held.pk]
        assert coordinator_client.post(url, data).status_code == 302
        assert list(user.user_permissions.all()) == [held]


def test_coordinator_cannot_make_themselves_superuser(coordinator_client, coordinator):
    data = user_form_data(coordinator_client, coordinator)
    data["is_superuser"] = "on"
    coordinator_client.post(reverse("admin:members_user_change", args=[coordinator.pk]), data)
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser


@pytest.fixture
def group_editor_client(client, coordinator):
    """A coordinator a superuser has also allowed to edit groups."""
    coordinator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", content_type__model="group")
    )
    client.force_login(coordinator)
    return client


def test_group_editor_cannot_give_a_group_rights_they_lack(group_editor_client):
    group = Group.objects.create(name="Redaktörer")
    url = reverse("admin:auth_group_change", args=[group.pk])
    lacking = Permission.objects.get(codename="delete_user")
    held = Permission.objects.get(codename="change_meeting")
    response = group_editor_client.post(url, {"name": "Redaktörer", "permissions": [lacking.pk]})
    assert "permissions" in response.context["adminform"].form.errors
    assert not group.permissions.exists()
    response = group_editor_client.post(url, {"name": "Redaktörer", "permissions": [held.pk]})
    assert response.status_code == 302
    assert list(group.permissions.all()) == [held]
    response = group_editor_client.post(
        reverse("admin:auth_group_add"), {"name": "Nya", "permissions": [lacking.pk]}
    )
    assert not Group.objects.filter(name="Nya").exists()


def test_group_editor_cannot_change_a_group_with_rights_they_lack(group_editor_client):
    group = Group.objects.create(name="Användaradmin")
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    url = reverse("admin:auth_group_change", args=[group.pk])
    assert group_editor_client.post(url, {"name": "Mina"}).status_code == 403
    assert (
        group_editor_client.post(
            reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Group.objects.get(pk=group.pk).name == "Användaradmin"


def test_a_refused_admin_page_says_no_access_not_members_only(coordinator_client):
    response = coordinator_client.get("/admin/auth/group/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Ingen åtkomst</h1>" in html
    assert "Din inloggning ger inte åtkomst" in html
    assert "Endast för medlemmar" not in html
