"""Answering a survey, shared by every area that takes answers (not a blueprint).

Survey loading, drafts and submission (``services``, ``drafts``), staff entering responses on a
respondent's behalf (``entry``), question markup (``fragments``, ``ui_text``) and the response
counts staff see (``counts``). The residents' pages, the staff entry pages and the officers'
preview all use these, so no blueprint imports another.
"""
