"""The survey as a form: one field per question of its template, in the visitor's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question

TEXT_MAX_LENGTH = 4000


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class SurveyForm(forms.Form):
    """``questions`` with their choices prefetched (no query of its own). ``answers()``
    gives the cleaned answers as ``response_save`` takes them; ``initial`` takes them in
    the same shape (``answers_initial``)."""

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = answers or {}
        for question in self.questions:
            name = field_name(question)
            self.fields[name] = self._field(question)
            if question.help_text or question.kind == Question.Kind.SCALE:
                self.fields[name].widget.attrs["aria-describedby"] = f"{name}-help"
            given = answers.get(question.pk)
            if given is not None:
                self.initial[name] = self._initial(question, given)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {"label": question.text, "required": question.required}
        messages = {"required": _("Please answer this question.")}
        if question.kind == Question.Kind.SCALE:
            choices = [(str(value), str(value)) for value in Question.SCALE_VALUES]
            choices[0] = ("1", f"1 – {question.low_label}")
            choices[-1] = ("5", f"5 – {question.high_label}")
            return forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={**messages, "invalid_choice": _("Choose a value from 1 to 5.")},
                **common,
            )
        choices = [(str(choice.pk), choice.label) for choice in question.choices.all()]
        invalid = _("Choose one of the options shown.")
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={**messages, "invalid_choice": invalid},
                **common,
            )
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={**messages, "invalid_choice": invalid},
                **common,
            )
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=TEXT_MAX_LENGTH,
            strip=True,
            error_messages={
                **messages,
                "max_length": _("Please keep it under %(limit_value)d characters."),
            },
            **common,
        )

    @staticmethod
    def _initial(question: Question, given):
        if question.kind == Question.Kind.SCALE:
            return str(given)
        if question.kind == Question.Kind.SINGLE:
            return str(given.pk)
        if question.kind == Question.Kind.MULTIPLE:
            return [str(choice.pk) for choice in given]
        return given

    def full_clean(self):
        super().full_clean()
        # Each input names its error (and the scale's labels) for screen readers.
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {name}-error".strip()

    def questions_with_fields(self):
        """(question, bound field) pairs, in the template's order."""
        return [(question, self[field_name(question)]) for question in self.questions]

    def answers(self) -> dict[int, object]:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if value in (None, "", []):
                continue
            if question.kind == Question.Kind.SCALE:
                answers[question.pk] = int(value)
            elif question.has_choices:
                by_pk = {str(choice.pk): choice for choice in question.choices.all()}
                if question.kind == Question.Kind.SINGLE:
                    answers[question.pk] = by_pk[value]
                else:
                    answers[question.pk] = [by_pk[pk] for pk in value]
            else:
                answers[question.pk] = value
        return answers
