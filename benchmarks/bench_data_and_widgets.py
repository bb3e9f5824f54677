"""Speed and weight of the pieces every chapter uses: loading the data, rendering static-widget frames.

Run: `.venv/bin/python benchmarks/bench_data_and_widgets.py` (prints a table; not a test).
"""

from __future__ import annotations

import statistics

import matplotlib

matplotlib.use("Agg")

from bench_model import timed  # noqa: E402  (benchmarks/ is on sys.path when run as a script)
from selloff import holders, widgets  # noqa: E402
from selloff.data import available, load  # noqa: E402


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

    print(f"{'load all ' + str(len(available())) + ' resources':<44}{load_all_ms:9.1f} ms")
    print(f"{'render one 400x240 frame to PNG':<44}{render_ms:9.1f} ms")
    print(f"{'static widget, 13 x 5 = 65 frames':<44}{build_ms:9.1f} ms")
    print(f"{'frame size in the page (base64 HTML)':<44}{statistics.mean(frame_bytes) / 1024:9.1f} KB mean, "
          f"{max(frame_bytes) / 1024:.1f} KB max")


if __name__ == "__main__":
    main()
