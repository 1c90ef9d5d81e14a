import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _swedish_while_arranging():
    """Factories write ``name``/``slug`` into the active language's fields; a request to an
    English page leaves English active, so start every test in Swedish, the default."""
    with translation.override("sv"):
        yield
