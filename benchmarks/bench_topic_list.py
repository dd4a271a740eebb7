"""`make bench`: the topic-list builder against its targets.

- importing a 5,000-line PetScan CSV (parse, normalize, merge), in-process: < 500 ms;
- CSV and wikitext export of 1,000 topics: < 50 ms each;
- a table of 1,000 topics in headless Chromium (Debian's, on a devsite served on loopback):
  page ready < 1,000 ms, a full redraw (sort) < 1,000 ms;
- checking 1,000 titles: at most 20 API requests (a fake transport counts them; no network).
"""
from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = tempfile.mkdtemp(prefix="orglab-bench-tl-")
os.environ.setdefault("ORGLAB_VAR_DIR", VAR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devsite.settings")

import django  # noqa: E402

django.setup()

from requests.structures import CaseInsensitiveDict  # noqa: E402

from orglab_xblocks.topic_list import check, exporters, importers, mediawiki, vocab  # noqa: E402
from orglab_xblocks.topic_list.rows import Rules  # noqa: E402

TARGETS = {
    "import 5,000-line PetScan ms": 500,
    "CSV export 1,000 ms": 50,
    "wikitext export 1,000 ms": 50,
    "browser: page ready ms": 1000,
    "browser: redraw 1,000 rows ms": 1000,
    "check 1,000 titles: requests": 20,
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def identity(text):
    return text


def best_of(fn, repeat=5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def in_process(results: dict[str, float]) -> list[dict]:
    lines = ["number,title,pageid,namespace,length,touched,Wikidata"]
    lines += [f"{n},Artículo_número_{n},{n},,{n * 10},20261101000000,Q{n + 100}" for n in range(1, 5001)]
    petscan = "\n".join(lines)
    rules = Rules(min_topics=1, max_topics=5000)
    results["import 5,000-line PetScan ms"] = best_of(lambda: importers.import_text(petscan, "auto", "eswiki", rules,
                                                                                    identity))
    rows = importers.import_text(petscan, "auto", "eswiki", rules, identity).rows[:1000]
    for index, row in enumerate(rows):
        row.update(gap="gender", priority="high", notes=f"Nota {index} | con {{{{plantilla}}}} y <b>")
    labels = {name: dict(vocab.labels(name, identity)) for name in vocab.VOCABULARIES}
    results["CSV export 1,000 ms"] = best_of(lambda: exporters.to_csv(rows))
    results["wikitext export 1,000 ms"] = best_of(lambda: exporters.to_wikitext(rows, labels, identity))

    class Answering:
        requests = 0

        def __call__(self, url, params, headers, timeout):
            Answering.requests += 1
            pages = [{"pageid": i + 1, "ns": 0, "title": t, "length": 9000, "pageprops": {"wikibase_item": f"Q{i + 1}"}}
                     for i, t in enumerate(params["titles"].split("|"))]
            return type("R", (), {"status_code": 200, "headers": CaseInsensitiveDict(),
                                  "text": json.dumps({"query": {"pages": pages}})})()

    check.check_rows(rows, mediawiki.MediaWikiClient(transport=Answering()))
    results["check 1,000 titles: requests"] = Answering.requests
    return rows


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def in_browser(results: dict[str, float], rows: list[dict]) -> None:
    env = dict(os.environ, ORGLAB_VAR_DIR=VAR)
    python = sys.executable
    subprocess.run([python, "-m", "devsite.manage", "migrate", "--run-syncdb", "--noinput", "-v", "0"], env=env,
                   cwd=ROOT, check=True)
    subprocess.run([python, "-m", "devsite.manage", "seed_demo", "--learners", "1"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen([python, "-m", "devsite.manage", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{base}/login/")
            page.fill("#id_username", "learner1")
            page.fill("#id_password", "orglab-dev")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/scenario/unit2/")
            page.fill(".orglab-tl-import-text", "\n".join(row["title"] for row in rows))
            page.fill(".orglab-tl-import-wiki", "eswiki")
            page.click(".orglab-tl-import-button")
            page.wait_for_selector(".orglab-tl-report-summary:not(:empty)")
            ready, redraw = [], []
            for _ in range(3):
                page.goto(f"{base}/scenario/unit2/")
                page.wait_for_function("document.querySelectorAll('.orglab-tl-table tbody tr').length === 1000")
                ready.append(page.evaluate("performance.now()"))
                redraw.append(page.evaluate("""() => {
                    const start = performance.now();
                    document.querySelector('.orglab-tl-sort[data-key=title]').click();
                    return performance.now() - start;
                }"""))
            results["browser: page ready ms"] = statistics.median(ready)
            results["browser: redraw 1,000 rows ms"] = statistics.median(redraw)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    results: dict[str, float] = {}
    rows = in_process(results)
    in_browser(results, rows)
    failed = False
    print(f"{'measure':32} {'value':>9} {'target':>8}")
    for name, value in results.items():
        inclusive = name.endswith("requests")  # "at most" for counts, "under" for times
        ok = value <= TARGETS[name] if inclusive else value < TARGETS[name]
        failed |= not ok
        target = ("<=" if inclusive else "<") + str(TARGETS[name])
        print(f"{name:32} {value:9.2f} {target:>8} {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
