"""orglab_plugin: the Organizer Lab's domain inside Open edX (submissions, progress, awards)."""

__version__ = "0.1.0"
