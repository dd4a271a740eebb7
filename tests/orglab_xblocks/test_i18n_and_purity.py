"""One translation marker for the blocks, and the pure modules other packages import (course_export
reads `schema.PROPOSAL_SECTIONS`, `titles.normalize_title` and the proposal's assembly and exports) load without Django, the XBlock runtime
or the plugin."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "orglab_xblocks"
PURE = ("orglab_xblocks.i18n", "orglab_xblocks.validation", "orglab_xblocks.values", "orglab_xblocks.worksheet.schema",
        "orglab_xblocks.worksheet.presets", "orglab_xblocks.topic_list.titles", "orglab_xblocks.topic_list.wikis",
        "orglab_xblocks.topic_list.vocab", "orglab_xblocks.topic_list.rows", "orglab_xblocks.topic_list.settings",
        "orglab_xblocks.audience.scoring", "orglab_xblocks.audience.instrument", "orglab_xblocks.proposal.assembly",
        "orglab_xblocks.proposal.rules", "orglab_xblocks.proposal.own", "orglab_xblocks.proposal.exports")


def test_one_definition_of_the_translation_marker():
    defined = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                     for node in ast.walk(ast.parse(path.read_text("utf-8")))
                     if isinstance(node, ast.FunctionDef) and node.name == "_")
    assert defined == ["i18n.py"]


def test_modules_that_mark_strings_at_module_level_import_the_marker():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        module_level_calls = [node for statement in tree.body if not isinstance(statement, (ast.FunctionDef,
                                                                                          ast.ClassDef))
                              for node in ast.walk(statement)
                              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"]
        if module_level_calls:
            imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)
                       and node.module and node.module.endswith("i18n") and any(a.name == "_" for a in node.names)]
            assert imports, path


def test_the_pure_modules_import_without_django_xblock_or_the_plugin():
    code = ("import sys\n" + "".join(f"import {name}\n" for name in PURE) +
            "from orglab_xblocks.worksheet.schema import PROPOSAL_SECTIONS\n"
            "from orglab_xblocks.topic_list.titles import normalize_title\n"
            "assert normalize_title('climate change', 'enwiki') == 'Climate change'\n"
            "assert normalize_title('jbo', 'jbowiki') == 'jbo'\n"
            "assert 'change' in PROPOSAL_SECTIONS\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('django', 'xblock', 'orglab_plugin', 'webob', 'web_fragments', 'opaque_keys', 'lxml', 'requests'))\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent)
