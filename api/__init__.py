"""The read-only JSON API of the public archive, at /api/v1/ (Django REST framework).

Every object has its database id (stable: rows are never renumbered) and its texts in both
languages; members-only material (documents, contact details) is never part of it.
"""
