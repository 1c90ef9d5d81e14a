"""Paging for every list: ``?page=N``, a whole number from 1 to ``MAX_PAGE``.

DRF's own accepts ``?page=last`` and answers anything else it cannot read with 404 "Invalid
page." Here a malformed page (``abc``, ``0``, ``-1``, ``01``, a number past ``MAX_PAGE``) is
the client's mistake, 400, and a well-formed page past the last one is 404: what the OpenAPI
description says (``api.schema``).
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.pagination import PageNumberPagination

MAX_PAGE = 1_000_000
_PAGE = re.compile(r"[1-9][0-9]{0,6}")


class MalformedPage(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "malformed_page"


class StrictPageNumberPagination(PageNumberPagination):
    last_page_strings = ()
    page_query_description = _("The page, a whole number from 1 (the default) to %(max)d.")
    invalid_page_message = _("There is no page {page_number}: the list is shorter.")

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if not _PAGE.fullmatch(value) or int(value) > MAX_PAGE:
            raise MalformedPage(
                _("The page must be a whole number from 1 to %(max)d.") % {"max": MAX_PAGE}
            )
        return int(value)

    def get_schema_operation_parameters(self, view):
        (page,) = [
            parameter
            for parameter in super().get_schema_operation_parameters(view)
            if parameter["name"] == self.page_query_param
        ]
        page["description"] = str(self.page_query_description) % {"max": MAX_PAGE}
        page["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}
        return [page]

    def get_paginated_response_schema(self, schema):
        # DRF writes OpenAPI 3.0's "nullable"; the description is 3.1, where null is a type.
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "minimum": 0},
                "next": {**link, "description": "The next page, or null on the last."},
                "previous": {**link, "description": "The previous page, or null on the first."},
                "results": schema,
            },
        }
