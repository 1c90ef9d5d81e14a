import logging
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communications.services import communications_send_due

logger = logging.getLogger("communications")


class Command(BaseCommand):
    help = _(
        "Queue the approved messages whose moment has come (and practical information for "
        "late registrants); make plans for new meetings. Run it every few minutes, or once "
        "with --every to keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help=_("Keep running, one round every SECONDS (for a container or make run)."),
        )

    def handle(self, *args, every=0, **options):
        while True:
            try:
                queued = communications_send_due()
            except DatabaseError:
                if not every:
                    raise
                # The database is away for a moment: the next round tries again.
                logger.exception("The round of due messages failed")
                time.sleep(every)
                continue
            if options["verbosity"] > 1 or (queued and options["verbosity"]):
                self.stdout.write(
                    ngettext(
                        "%(count)d message queued for sending.",
                        "%(count)d messages queued for sending.",
                        queued,
                    )
                    % {"count": queued}
                )
            if not every:
                return
            time.sleep(every)
