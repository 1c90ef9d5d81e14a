"""Every model with a period (core.periods.Period) keeps its end after its start.

The models are found, not listed: a new subclass of Period is tested without touching this
file, and fails here until it has a factory.
"""

import datetime

import factory
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.periods import Period, today
from tests import factories

PERIOD_MODELS = sorted(
    (model for model in apps.get_models() if issubclass(model, Period)),
    key=lambda model: model._meta.label,
)
DAY = datetime.timedelta(days=1)


def _factory(model):
    for value in vars(factories).values():
        if isinstance(value, type) and issubclass(value, factory.Factory):
            if value._meta.model is model:
                return value
    raise AssertionError(f"tests/factories.py has no factory for {model._meta.label}")


def test_the_four_hand_written_periods_are_all_found():
    labels = {model._meta.label for model in PERIOD_MODELS}
    assert {
        "members.Institution",
        "members.Representation",
        "steering.SteeringGroupMembership",
        "steering.WorkingGroupMembership",
    } <= labels


@pytest.mark.parametrize("model", PERIOD_MODELS, ids=lambda model: model._meta.label)
@pytest.mark.django_db
def test_period_end_before_start_is_refused_and_is_current_follows_the_dates(model):
    start, end = model.period_start, model.period_end
    assert f"{model._meta.app_label}_{model._meta.model_name}_period_ordered" in {
        constraint.name for constraint in model._meta.constraints
    }
    obj = _factory(model)(**{start: today() - 10 * DAY, end: None})

    assert obj.is_current
    assert obj in model.objects.current()

    setattr(obj, end, today() - DAY)
    assert not obj.is_current
    obj.save()
    assert obj not in model.objects.current()

    setattr(obj, end, today() - 11 * DAY)
    with pytest.raises(ValidationError) as refused:
        obj.clean()
    assert end in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()

    setattr(obj, start, today() + DAY)
    setattr(obj, end, None)
    obj.save()
    assert not obj.is_current
    assert obj not in model.objects.current()


# Models whose start may be unknown (the others always have one).
OPEN_START_MODELS = [m for m in PERIOD_MODELS if m._meta.get_field(m.period_start).null]


@pytest.mark.parametrize("model", OPEN_START_MODELS, ids=lambda model: model._meta.label)
def test_an_unknown_start_counts_as_begun_only_where_the_model_says_so(model):
    obj = model(**{model.period_start: None, model.period_end: None})
    assert obj.is_current is model.unknown_start_has_begun
