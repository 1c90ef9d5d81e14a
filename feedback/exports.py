"""A survey's results as an XLSX workbook for the coordinator (openpyxl).

The same numbers as the coordinator's results page, and nothing finer: counts per value or
choice, shares and medians, withheld questions with the number of answers they still need,
and the free-text answers in random order on a sheet of their own. No row per response:
a response's answers side by side would link one person's answers across questions.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .results import SurveyResults


def survey_results_workbook(results: SurveyResults) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")[:31]
    bold = Font(bold=True)
    survey = results.survey
    sheet.append([_("Meeting"), survey.meeting.title])
    sheet.append([_("Date"), survey.meeting.date])
    sheet.append([_("Survey"), survey.template.title])
    sheet.append([_("People who answered"), results.responses])
    sheet.append([])
    if not results.shown:
        sheet.append([results.needed_message])
    texts = []
    for result in results.questions:
        sheet.append([result.question.text])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        if not result.shown:
            sheet.append([result.needed_message])
        elif result.is_text:
            sheet.append([_("Free-text answers"), len(result.texts)])
            texts += [(result.question.text, answer) for answer in result.texts]
        else:
            sheet.append([_("People who answered"), result.count])
            if result.is_scale:
                sheet.append([_("Median"), result.median])
            sheet.append([_("Answer"), _("Number"), _("Share")])
            for row in result.rows:
                sheet.append([row.label, row.count, row.count / row.total if row.total else 0])
                sheet.cell(row=sheet.max_row, column=3).number_format = "0%"
        sheet.append([])
    sheet.column_dimensions["A"].width = 60
    free_text = workbook.create_sheet(_("Free text")[:31])
    free_text.append([_("Question"), _("Answer"), _("Published to members")])
    for cell in free_text[1]:
        cell.font = bold
    for question, answer in texts:
        free_text.append([question, answer.text, _("yes") if answer.published else _("no")])
    free_text.column_dimensions["A"].width = 40
    free_text.column_dimensions["B"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
