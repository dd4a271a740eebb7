"""Signals of orglab_plugin that other code can listen to.

- `certificate_awarded(award)`: a learner's certificate was awarded (or reinstated by staff).
- `certificate_revoked(award)`: staff revoked a certificate.
- `eligibility_changed(eligibility, previous)`: a learner's grant-fund eligibility changed
  (`previous` is the old status, "" for the first decision).
"""
from django.dispatch import Signal

certificate_awarded = Signal()
certificate_revoked = Signal()
eligibility_changed = Signal()
