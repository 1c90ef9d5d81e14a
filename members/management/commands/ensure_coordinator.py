import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from members.groups import coordinator_group_ensure
from members.services import coordinator_ensure


class Command(BaseCommand):
    help = "Create the development coordinator login once, and say how to log in."

    def handle(self, *args, **options):
        email = "koordinator@example.org"
        User = get_user_model()
        # Keep the coordinator group's permissions in step with the models.
        coordinator_group_ensure()
        if User.objects.filter(email=email).exists():
            self.stdout.write(
                f"Coordinator login: {email} (password as printed when it was created; "
                f"reset it with `manage.py changepassword {email}`)."
            )
            return
        password = secrets.token_urlsafe(12)
        coordinator_ensure(email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Coordinator login created.\n"
                f"  Admin: http://127.0.0.1:{os.environ.get('PORT', '8000')}/admin/\n"
                f"  E-mail: {email}\n  Password: {password}"
            )
        )
