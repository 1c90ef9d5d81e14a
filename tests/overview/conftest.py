import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _swedish():
    """URLs and translated fields outside a request resolve in Swedish, the default."""
    with translation.override("sv"):
        yield
