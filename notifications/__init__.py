"""Notifications: subscriptions to objects and the messages (in-app, e-mail, feeds, webhooks) that
domain events of ``governance`` and ``standards`` turn into. Filled by the notifications issue.
"""
