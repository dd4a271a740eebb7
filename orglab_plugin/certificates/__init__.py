"""Certificates: who issues them (`issuers`), their state for a learner (`state`), the PDF (`pdf`),
and the pages that show and verify them (`views`, `urls`)."""
