from django.db import DatabaseError

from network.models import Contact


def portal(request):
    """The footer's contact, on every page. Never fails a page when the database is down."""
    try:
        contact = Contact.objects.filter(pk=Contact.singleton_pk).first()
    except DatabaseError:
        contact = None
    return {"site_contact": contact}
