"""The standards catalogue: standards, their documents and articles, and immutable releases.

An ``Article`` is an identity that outlives its number; an ``ArticleVersion`` is what that article
says in one ``Release``. Nothing here knows about change requests (see DESIGN.md, "Layout").
"""
