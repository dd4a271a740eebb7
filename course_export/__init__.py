"""course_export: instructor reports and the cohort dashboard for the Organizer Lab."""
