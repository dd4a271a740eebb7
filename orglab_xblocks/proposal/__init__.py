"""The grant proposal block (`orglab_proposal`)."""
