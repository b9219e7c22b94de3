"""Accounts and roles.

People log in with Django's own accounts. What they may do follows from their role; each role is
a Django group created by a data migration, so permissions are granted to roles, never to people.
"""
