"""Synthetic institutions for ``manage.py benchdata`` (names start with “[synthetic]”)."""

import datetime

from .models import Institution

SYNTHETIC_PREFIX = "[synthetic]"
INSTITUTIONS_PER_SCALE = 40  # about the size of the real network


def members_benchdata(*, scale: int) -> None:
    start = Institution.objects.filter(short_name__startswith="SYN").count()
    institutions = []
    for number in range(start + 1, start + 1 + INSTITUTIONS_PER_SCALE * scale):
        institutions.append(
            Institution(
                name_sv=f"{SYNTHETIC_PREFIX} Lärosäte {number}",
                name_en=f"{SYNTHETIC_PREFIX} Institution {number}",
                short_name=f"SYN{number}",
                slug_sv=f"syntetiskt-{number}",
                slug_en=f"synthetic-{number}",
                kind=Institution.Kind.UNIVERSITY,
                city_sv="Syntetstad",
                city_en="Synthetic City",
                member_since=datetime.date(2017, 3, 8),
            )
        )
    Institution.objects.bulk_create(institutions, batch_size=500)
