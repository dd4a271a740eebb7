"""Tutor plugin for orglab (Wikimedia's Organizer Lab): `tutor plugins enable orglab`."""

# Always the version of the openedx-orglab distribution this plugin installs by default
# (orglab_plugin/__init__.py, read by the main setup.py); tests/deploy checks that they agree.
__version__ = "0.1.0"
