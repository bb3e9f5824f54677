"""Speed and weight of the pieces every chapter uses: loading the data, rendering static-widget frames.

Run: `.venv/bin/python benchmarks/bench_data_and_widgets.py` (prints a table; not a test).
"""

from __future__ import annotations

import hashlib
import statistics
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

from bench_model import timed  # noqa: E402  (benchmarks/ is on sys.path when run as a script)
from selloff import holders, widgets  # noqa: E402
from selloff.data import available, describe, load  # noqa: E402


def cold_import_ms(module: str, repeat: int = 5) -> float:
    """Best of ``repeat`` fresh interpreters: time to import ``module`` (what a reader's kernel pays once)."""
    code = f"import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
               for _ in range(repeat))


def data_pack() -> None:
    """The loader's own checks against the Frictionless reference implementation (a dev-only dependency)."""
    names = available()
    paths = [describe(n)["path"] for n in names]
    hash_ms = timed(lambda: [hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths], repeat=5)[0]
    print(f"{'sha256 of every file (part of load)':<44}{hash_ms:9.1f} ms")
    print(f"{'import selloff.data (cold)':<44}{cold_import_ms('selloff.data'):9.1f} ms")
    try:
        import frictionless
    except ImportError:
        print("frictionless not installed (requirements-dev.txt): no comparison")
        return
    print(f"{'import frictionless (cold)':<44}{cold_import_ms('frictionless'):9.1f} ms")
    root = paths[0].rsplit("/", 1)[0]
    validate_ms = timed(lambda: frictionless.validate(f"{root}/datapackage.json"), repeat=1)[0]
    print(f"{'frictionless.validate(datapackage.json)':<44}{validate_ms:9.1f} ms")


def main() -> None:
    tic = load("tic_major_foreign_holders")

    def frame():
        fig = widgets.frame_figure()
        ax = fig.subplots()
        h = holders.group_holdings_bn(tic, holders.EU_MEMBERS)
        ax.plot(h.index.to_timestamp(), h.values)
        return fig

    load_all_ms = timed(lambda: [load(name) for name in available()], repeat=5)[0]
    render_ms = timed(lambda: widgets.figure_to_png(frame()), repeat=5)[0]
    grid = {"a": list(range(13)), "b": list(range(5))}
    build_ms = timed(lambda: widgets.static_widget(lambda a, b: frame(), grid, alt="x"), repeat=1)[0]
    box = widgets.static_widget(lambda a, b: frame(), grid, alt="x")
    frame_bytes = [len(f.value) for f in widgets.frames(box)]

    print(f"{'load all ' + str(len(available())) + ' resources (every check)':<44}{load_all_ms:9.1f} ms")
    print(f"{'render one 400x240 frame to PNG':<44}{render_ms:9.1f} ms")
    print(f"{'static widget, 13 x 5 = 65 frames':<44}{build_ms:9.1f} ms")
    print(f"{'frame size in the page (base64 HTML)':<44}{statistics.mean(frame_bytes) / 1024:9.1f} KB mean, "
          f"{max(frame_bytes) / 1024:.1f} KB max")
    data_pack()


if __name__ == "__main__":
    main()
