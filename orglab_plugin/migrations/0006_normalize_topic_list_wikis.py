"""Normalize the wiki names of topic-list submissions already recorded.

Older versions of the topic list stored a row's wiki as the learner sent it ("ESWIKI ", "\\neswiki",
"be-taraskwiki"), so one article could be listed once per spelling and become separate worklist
keys. The block now normalizes wiki names at the door and when it reads a draft; this migration
does the same to the recorded submissions (block type `orglab_topic_list`): `wiki` and
`source_wiki` of each row become the canonical database name. Nothing else changes: rows are not
merged (a submission is a record of what was submitted, and `item_count` stays true), and a name
that is not a wiki database name is left as it is. Reversing it is a no-op: the old spellings
were never meaningful.

Self-contained on purpose (no import of orglab_xblocks): migrations must keep working whatever
the code becomes.
"""
from __future__ import annotations

import re

from django.db import migrations

BLOCK_TYPE = "orglab_topic_list"
BATCH_SIZE = 500
WIKI_KEYS = ("wiki", "source_wiki")
# A wiki database name once trimmed and lower-cased: letters, then "wiki" (language codes such as
# zh-min-nan are written with "_" in database names).
_DBNAME = re.compile(r"[a-z][a-z_]*wiki")
# Language codes whose database name is not the code with "_" for "-".
_DBNAME_OF = {"be_taraskwiki": "be_x_oldwiki"}


def normalize_wiki(value):
    """The canonical spelling of a wiki database name, or `value` unchanged when it is not one."""
    if not isinstance(value, str) or not value or len(value) > 64:
        return value
    name = value.strip().lower().replace("-", "_")
    if not name.isascii() or not _DBNAME.fullmatch(name):
        return value
    return _DBNAME_OF.get(name, name)


def normalized_payload(payload):
    """The payload with its rows' wiki names normalized, or None when nothing changes."""
    if not isinstance(payload, dict) or not isinstance(payload.get("rows"), list):
        return None
    changed = False
    rows = []
    for row in payload["rows"]:
        if isinstance(row, dict):
            updates = {key: normalize_wiki(row[key]) for key in WIKI_KEYS
                       if key in row and normalize_wiki(row[key]) != row[key]}
            if updates:
                row = {**row, **updates}
                changed = True
        rows.append(row)
    return {**payload, "rows": rows} if changed else None


def normalize_topic_list_wikis(apps, schema_editor):
    Submission = apps.get_model("orglab_plugin", "Submission")  # noqa: N806 - a model class
    submissions = Submission.objects.filter(block_type=BLOCK_TYPE).only("pk", "payload").order_by("pk")
    batch = []
    for submission in submissions.iterator(chunk_size=BATCH_SIZE):
        payload = normalized_payload(submission.payload)
        if payload is None:
            continue
        submission.payload = payload
        batch.append(submission)
        if len(batch) >= BATCH_SIZE:
            Submission.objects.bulk_update(batch, ["payload"])
            batch = []
    if batch:
        Submission.objects.bulk_update(batch, ["payload"])


class Migration(migrations.Migration):

    dependencies = [
        ("orglab_plugin", "0005_report_indexes"),
    ]

    operations = [
        migrations.RunPython(normalize_topic_list_wikis, migrations.RunPython.noop, elidable=True),
    ]
