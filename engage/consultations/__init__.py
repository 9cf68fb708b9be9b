"""Putting consultations on the platform: documents in and out, and moving a consultation through its statuses.

No pages yet (a builder will have them); the ``flask consultation`` commands use these services.
"""
