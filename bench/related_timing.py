"""Time per story on an index a related_eval run left: index_article and refresh_related
(index, rank, store, offer to neighbours) for the 30 newest stories, CPU and wall-clock p50,
so the figure holds on a machine other jobs share. Works on a copy: it rewrites lists.

    cp /tmp/warta-bench-XXXX/bench.sqlite3 /tmp/timing.sqlite3
    .venv/bin/python bench/related_timing.py sqlite:////tmp/timing.sqlite3
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

corpus.setup_django(sys.argv[1], reuse=True)
from warta.articles.models import ArticlePage  # noqa: E402
from warta.discovery.services import index_article, refresh_related  # noqa: E402

pks = list(ArticlePage.objects.live().order_by("-pk").values_list("pk", flat=True)[:30])
idx_cpu, idx_wall, add_cpu, add_wall = [], [], [], []
index_article(ArticlePage.objects.get(pk=pks[0]))  # warm the lexicon
for pk in pks:
    a = ArticlePage.objects.get(pk=pk)
    c, w = time.process_time(), time.perf_counter()
    index_article(a)
    idx_cpu.append(time.process_time() - c)
    idx_wall.append(time.perf_counter() - w)
    c, w = time.process_time(), time.perf_counter()
    refresh_related(a)
    add_cpu.append(time.process_time() - c)
    add_wall.append(time.perf_counter() - w)


def f(xs: list[float]) -> float:
    return round(1000 * statistics.median(xs), 1)


print(
    json.dumps(
        {
            "stories": 30,
            "index_cpu_ms_p50": f(idx_cpu),
            "index_wall_ms_p50": f(idx_wall),
            "add_cpu_ms_p50": f(add_cpu),
            "add_wall_ms_p50": f(add_wall),
        }
    )
)
