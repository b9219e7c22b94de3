"""Governance: change requests (wijzigingsverzoeken) and the workflow that carries them from
submission through intake, legal and practical review and the steering group into a release.

Filled by the change-request issue; depends on ``standards`` only.
"""
