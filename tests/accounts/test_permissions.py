import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from members.permissions import forget_membership, is_member
from tests.factories import InstitutionFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_not_a_member():
    assert not is_member(AnonymousUser())


def test_approved_user_linked_to_a_person_at_a_member_institution_is_a_member(member):
    assert is_member(member)


def test_self_sign_up_is_not_a_member_until_approved(member_institution):
    user = UserFactory(approved_at=None)
    PersonFactory(institution=member_institution, user=user)
    assert not is_member(user)
    user.approved_at = timezone.now()
    user.save()
    forget_membership(user)
    assert is_member(user)


def test_person_at_a_former_member_institution_is_not_a_member():
    former = InstitutionFactory(member_until=datetime.date(2020, 1, 1))
    user = UserFactory(approved_at=timezone.now())
    PersonFactory(institution=former, user=user)
    assert not is_member(user)


def test_user_without_a_person_is_not_a_member(non_member):
    assert not is_member(non_member)


def test_user_marked_as_member_is_a_member():
    assert is_member(UserFactory(marked_as_member=True))


def test_staff_count_as_members():
    assert is_member(UserFactory(is_staff=True))


def test_inactive_user_is_never_a_member():
    assert not is_member(UserFactory(marked_as_member=True, is_active=False))


def test_membership_costs_at_most_one_query_per_request(member, django_assert_num_queries):
    member.refresh_from_db()
    with django_assert_num_queries(1):
        for _ in range(5):
            assert is_member(member)


def _mixin_view():
    from django.http import HttpResponse
    from django.views import View

    from members.permissions import MemberRequiredMixin

    class MembersOnly(MemberRequiredMixin, View):
        def get(self, request):
            return HttpResponse("secret")

    return MembersOnly.as_view()


def test_mixin_sends_anonymous_users_to_login(rf):
    request = rf.get("/sv/medlemmar/x/")
    request.user = AnonymousUser()
    response = _mixin_view()(request)
    assert response.status_code == 302
    assert "?next=/sv/medlemmar/x/" in response["Location"]


def test_mixin_refuses_non_members_and_serves_members(rf, non_member, member):
    request = rf.get("/sv/medlemmar/x/")
    request.user = non_member
    assert _mixin_view()(request).status_code == 403
    request.user = member
    response = _mixin_view()(request)
    assert response.content == b"secret"
    assert "private" in response["Cache-Control"]
