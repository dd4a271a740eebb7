"""The cohort topic list: every learner's latest submitted topic list merged into one.

Two proposals are one topic when they name the same article (same wiki, same title once
normalised as the topic-list block and MediaWiki do, `titles.normalize_title`: underscores as
spaces, first letter upper case except on the wikis where its case matters) or the same Wikidata
item; a topic is counted once, with how many learners proposed it and who. Merging is transitive
(union-find): "Manglar" on eswiki with Q193 and a bare Q193 and "manglar" on eswiki are one topic.

Written as CSV, XLSX or JSON lines, or as a sortable wikitable to paste on the campaign's Meta page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from opaque_keys.edx.keys import CourseKey

from orglab_plugin import api
from orglab_xblocks.topic_list.titles import TitleError, normalize_title

from ..writers import Column
from .people import learner_name
from .stream import Progress, write_table

_QID = re.compile(r"^Q[1-9]\d*$")


def topic_title(raw: str, wiki: str) -> str:
    """The title a proposal names on `wiki`, as the block normalises it; a title the block would
    refuse (a payload stored before a check, say) is kept as written, without its outer spaces."""
    try:
        return normalize_title(raw, wiki)
    except TitleError:
        return raw.strip()


@dataclass
class Topic:
    title: str = ""
    wiki: str = ""
    qid: str = ""
    learners: dict[int, str] = field(default_factory=dict)  # user id: how the report names them
    gaps: set[str] = field(default_factory=set)
    priorities: dict[str, int] = field(default_factory=dict)
    titles: set[tuple[str, str]] = field(default_factory=set)  # every (wiki, title) merged in


class _Merger:
    def __init__(self):
        self.parent: dict[Any, Any] = {}
        self.topics: dict[Any, Topic] = {}

    def find(self, key):
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(key, key) != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, first, second):
        a, b = self.find(first), self.find(second)
        if a == b:
            return a
        self.parent[b] = a
        if b in self.topics:
            merged, into = self.topics.pop(b), self.topics.setdefault(a, Topic())
            into.learners.update(merged.learners)
            into.gaps |= merged.gaps
            into.titles |= merged.titles
            for priority, count in merged.priorities.items():
                into.priorities[priority] = into.priorities.get(priority, 0) + count
            into.title, into.wiki = into.title or merged.title, into.wiki or merged.wiki
            into.qid = into.qid or merged.qid
        return a

    def add(self, row: dict[str, Any], user_id: int, name: str) -> None:
        wiki = str(row.get("wiki") or "")
        raw = str(row.get("canonical") or row.get("title") or "")
        title = topic_title(raw, wiki) if raw.strip() else ""
        qid = str(row.get("qid") or "").strip().upper()
        keys = []
        if title:
            keys.append(("title", wiki, title))
        if _QID.match(qid):
            keys.append(("qid", qid))
        if not keys:
            return
        for key in keys:
            self.parent.setdefault(key, key)
        root = keys[0]
        for key in keys[1:]:
            root = self.union(root, key)
        root = self.find(root)
        topic = self.topics.setdefault(root, Topic())
        if title and not topic.title:
            topic.title, topic.wiki = title, wiki
        if title:
            topic.titles.add((wiki, title))
        if qid and _QID.match(qid) and not topic.qid:
            topic.qid = qid
        topic.learners[user_id] = name
        if row.get("gap"):
            topic.gaps.add(str(row["gap"]))
        if row.get("priority"):
            priority = str(row["priority"])
            topic.priorities[priority] = topic.priorities.get(priority, 0) + 1


def merged_topics(course_key: CourseKey, include: set[str], progress=None) -> tuple[list[Topic], int]:
    """The cohort's topics, most proposed first (then by title); and how many submissions were read."""
    merger = _Merger()
    done = 0
    for learner, submission in api.latest_course_submissions(course_key, block_types=["orglab_topic_list"]):
        name = learner_name(learner, include)
        for row in submission.payload.get("rows") or []:
            if isinstance(row, dict):
                merger.add(row, learner.user_id, name)
        done += 1
        if progress and done % 200 == 0:
            progress(done)
    topics = sorted(merger.topics.values(), key=lambda t: (-len(t.learners), t.title or t.qid, t.wiki))
    return topics, done


def _columns() -> list[Column]:
    return [Column("title", _("Article"), 36), Column("wiki", _("Wikipedia"), 10),
            Column("qid", _("Wikidata item"), 12), Column("learners", _("Learners who proposed it"), 10),
            Column("proposed_by", _("Proposed by"), 40), Column("gaps", _("Knowledge gaps"), 24),
            Column("priority", _("Priority (most chosen)"), 12), Column("other_titles", _("Also listed as"), 30)]


def _cells(topic: Topic) -> list:
    priority = max(topic.priorities.items(), key=lambda item: (item[1], item[0]))[0] if topic.priorities else ""
    others = sorted(f"{title} ({wiki})" if wiki else title for wiki, title in topic.titles
                    if (wiki, title) != (topic.wiki, topic.title))
    return [topic.title, topic.wiki, topic.qid, len(topic.learners), ", ".join(sorted(topic.learners.values())),
            ", ".join(sorted(topic.gaps)), priority, "; ".join(others)]


def _interwiki(wiki: str) -> str:
    """`eswiki` → `w:es:` (the interwiki prefix Meta uses); empty when the wiki is not a Wikipedia."""
    match = re.fullmatch(r"([a-z][a-z0-9_]*)wiki", wiki or "")
    return f"w:{match.group(1).replace('_', '-')}:" if match else ""


def wikitable(topics: list[Topic]) -> str:
    headers = [_("Article"), _("Wikipedia"), _("Wikidata item"), _("Learners"), _("Proposed by"),
               _("Knowledge gaps"), _("Priority")]
    lines = ['{| class="wikitable sortable"', "! " + " !! ".join(api.escape_wikitext(h) for h in headers)]
    for topic in topics:
        # Every text here may come from a learner's submission: `api.escape_wikitext` makes it text,
        # `api.wikitext_link` links a title only when wikitext would point to exactly that title.
        cells = _cells(topic)
        prefix = _interwiki(topic.wiki)
        title = topic.title
        article = api.wikitext_link(f":{prefix}{title}", title) if title and prefix else api.escape_wikitext(title)
        qid = api.wikitext_link(f":d:{topic.qid}", topic.qid) if topic.qid else ""
        lines.append("|-")
        lines.append("| " + " || ".join([article, api.escape_wikitext(topic.wiki), qid,
                                         f'data-sort-value="{len(topic.learners)}" | {len(topic.learners)}',
                                         api.escape_wikitext(cells[4]), api.escape_wikitext(cells[5]),
                                         api.escape_wikitext(cells[6])]))
    lines.append("|}")
    return "\n".join(lines) + "\n"


def total(course_key: CourseKey) -> int:
    """The submissions the report goes through: each learner's latest topic lists."""
    return api.count_latest_submissions(course_key, block_types=["orglab_topic_list"])


def write(course_key: CourseKey, fmt: str, fileobj: BinaryIO, include: set[str], options: dict,
          progress: Progress) -> int:
    topics, done = merged_topics(course_key, include, progress)
    if fmt == "wikitext":
        fileobj.write(wikitable(topics).encode("utf-8"))
    else:  # progress counts the submissions read (above), not the topics written
        write_table(fmt, fileobj, _columns(), ([_cells(topic)] for topic in topics), options=options,
                    sheet_title=_("Topics"))
    progress(done)
    return done
