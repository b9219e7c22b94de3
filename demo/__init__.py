"""Demo data: a living portal for ``make run`` and for screenshots.

Written for the project (not copied from the published documents): two standards, each with two
published releases and a draft, and a demo user for every role. Loading is idempotent.
"""
