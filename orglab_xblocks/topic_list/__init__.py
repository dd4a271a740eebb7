"""The topic-list block: a list of articles to write or improve, checked against the wiki."""
