"""The audience-needs assessment (Unit 3)."""
