"""orglab_xblocks: what Organizer Lab learners fill in inside a unit, and what staff author in Studio."""
