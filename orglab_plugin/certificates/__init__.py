"""Certificates: who issues them (`issuers`), their state as the API shows it (`state`), what a
certificate says (`facts`), its PDF (`pdf`), and the public pages that show and verify it
(`views`, mounted by `urls`)."""
