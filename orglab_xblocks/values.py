"""Kept for importers of `orglab_xblocks.values`: the checks live in `orglab_xblocks.validation`."""
from __future__ import annotations

from .validation import is_number

__all__ = ["is_number"]
