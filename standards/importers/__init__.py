"""Importers: turn a published standard (Markdown or Word) into parsed documents and articles.

The parsing here is pure (no ORM): ``markdown.parse_markdown`` and ``docx.parse_docx`` give a
``parsed.ParsedSource``; ``matching.match_articles`` links the parsed articles to the articles
of the previous release by identity. Writing the result to the database is a service's job.
"""
