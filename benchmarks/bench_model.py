"""Speed and weight of the model and of the live widget: what a reader waits for in a chapter.

(a) 10,000 calibration draws of a two-year weekly scenario (104 weeks) in one vectorised call: the market
    core (sales, safe-haven demand, the Fed's backstop, private absorption, the 10-year), and every output
    (the curve, the fiscal ladder, the Fed's carry, the dollar, borrowing rates, the sellers' losses);
    against a Python loop that calls ``simulate`` once per draw (timed on 200 draws and scaled);
(b) one live-widget update (change a control, recompute, update the artists, redraw the PNG), against
    rendering the same figure alone, and against a naive update that rebuilds the figure each time
    (what an ``ipywidgets.interactive_output`` callback with ``plt.subplots`` + ``plt.show`` does);
(c) a chapter kernel's peak memory (import, all data, the draws, a 65-frame static widget and a live
    explorer), in a fresh subprocess.

Run: `/tmp/venv/bin/python benchmarks/bench_model.py` (prints a table and writes
benchmarks/results/bench_model.json; not a test). Thread settings (OPENBLAS_NUM_THREADS …) are left
as the environment has them.
"""

from __future__ import annotations

import io
import json
import os
import platform
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ipywidgets as ipw  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from selloff import live, plotting, scenario  # noqa: E402
from selloff.calibration import default_calibration  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "bench_model.json"
GOALS = {"draws_ms": 100.0, "update_ratio": 1.3, "peak_rss_mb": 250.0}
CORE = ("sales_10y_eq_bn", "safe_haven_bn", "fed_bn", "private_bn", "yield_change_bp")


def timed(fn, repeat: int = 7, warmup: int = 1, clock=time.perf_counter) -> tuple[float, list[float]]:
    """Median time of ``fn()`` in ms over ``repeat`` runs (after ``warmup`` runs), and all runs; wall time by
    default, ``clock=time.process_time`` for the process's CPU time."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        t0 = clock()
        fn()
        runs.append((clock() - t0) * 1e3)
    return statistics.median(runs), runs


# --- (a) vectorised draws ------------------------------------------------------------------------------

def bench_draws(n: int = 10_000, loop_n: int = 200) -> dict:
    calibration = default_calibration()
    # A two-year weekly scenario with every block switched on: a US-centred shock and the Fed's backstop.
    sale = scenario.Scenario("$1tn over 26 weeks, US-centred shock, Fed backstop", {"foreign official": 1000.0},
                             weeks=26, horizon_weeks=104, shock="us_centred", fed="backstop")
    core_ms, core_runs = timed(lambda: scenario.run_draws(sale, calibration, n=n, rng=0, outputs=CORE), repeat=7)
    vector_ms, vector_runs = timed(lambda: scenario.run_draws(sale, calibration, n=n, rng=0), repeat=7)
    # CPU time of the same calls: on a shared machine the wall time also counts the waits for a core
    core_cpu_ms, _ = timed(lambda: scenario.run_draws(sale, calibration, n=n, rng=0, outputs=CORE), repeat=7,
                           clock=time.process_time)
    vector_cpu_ms, _ = timed(lambda: scenario.run_draws(sale, calibration, n=n, rng=0), repeat=7,
                             clock=time.process_time)

    params = calibration.draw(n, 0)
    rows = [{k: float(v[i]) for k, v in params.items()} for i in range(loop_n)]

    def loop():
        for row in rows:
            scenario.simulate(sale, row)

    loop_ms, _ = timed(loop, repeat=3)
    loop_scaled_ms = loop_ms * n / loop_n
    # The two give the same paths (first draws compared).
    vector = scenario.simulate(sale, params)["extra_interest_bn_per_year"][:5]
    looped = np.array([scenario.simulate(sale, rows[i])["extra_interest_bn_per_year"] for i in range(5)])
    np.testing.assert_allclose(vector, looped, rtol=1e-10, atol=1e-10)
    return {"scenario": sale.name, "horizon_weeks": sale.total_weeks, "n_draws": n,
            "core_ms_median": core_ms, "core_ms_runs": core_runs, "core_outputs": list(CORE),
            "core_cpu_ms_median": core_cpu_ms, "vectorised_cpu_ms_median": vector_cpu_ms,
            "vectorised_ms_median": vector_ms, "vectorised_ms_runs": vector_runs,
            "loop_draws_timed": loop_n, "loop_ms_for_timed_draws": loop_ms,
            "loop_ms_scaled_to_n": loop_scaled_ms, "speed_up": loop_scaled_ms / vector_ms,
            "load_average_1min": os.getloadavg()[0]}


# --- (b) one live-widget update ------------------------------------------------------------------------

def sale_of(total: float, months: int) -> scenario.Scenario:
    return scenario.Scenario("a foreign official sale", {"foreign official": float(total)}, months=int(months))


def bench_update(n_draws: int = 1000, repeat: int = 9) -> dict:
    calibration = default_calibration()
    slider = ipw.FloatSlider(value=500.0, min=0.0, max=3000.0, step=10.0)
    controls = {"total": slider, "months": ipw.IntSlider(value=6, min=1, max=24)}
    explorer = live.scenario_explorer(sale_of, calibration, controls, n_draws=n_draws)
    figure_id = id(explorer.figure)
    # Each update moves the slider to a new value (a value equal to the current one triggers nothing).
    values = iter(np.linspace(510.0, 900.0, 200))

    def live_update():
        slider.value = float(next(values))

    update_ms, update_runs = timed(live_update, repeat=repeat)
    assert id(explorer.figure) == figure_id and explorer.status.value == ""
    layouts, renders = explorer.layouts, explorer.renders

    # The worst case: every update changes the tick labels' widths ($8bn vs $483bn a month), so the
    # layout is re-run each time.
    swings = iter([50.0, 2900.0] * 20)

    def live_update_relayout():
        slider.value = next(swings)

    relayout_before = explorer.layouts
    relayout_ms, _ = timed(live_update_relayout, repeat=repeat)
    relayouts = explorer.layouts - relayout_before

    data = live.explorer_data(sale_of(700.0, 6), calibration, n_draws=n_draws)
    compute_ms, _ = timed(lambda: live.explorer_data(sale_of(700.0, 6), calibration, n_draws=n_draws), repeat=repeat)

    def build(fig):
        with plotting.house_style():
            artists = live.draw_explorer(fig)
        for name, value in data.items():
            live.apply(artists[name], name, value)
        for ax in fig.axes:
            ax.relim()
            ax.autoscale_view()
        return fig

    def render_alone():  # the same figure, created and rendered once: the floor for any update
        live.render_png(build(live.new_figure()))

    def render_alone_savefig():  # the same, written with savefig (two drawing passes with a layout engine)
        buffer = io.BytesIO()
        build(live.new_figure()).savefig(buffer, format="png", bbox_inches=None)

    def naive_update():  # interactive_output style: recompute, rebuild a pyplot figure, show (PNG), close
        fresh = live.explorer_data(sale_of(float(next(values)), 6), calibration, n_draws=n_draws)
        width, height = live.LIVE_SIZE_PX
        with plotting.house_style():
            fig = plt.figure(figsize=(width / live.LIVE_DPI, height / live.LIVE_DPI), dpi=live.LIVE_DPI)
            artists = live.draw_explorer(fig)
            for name, value in fresh.items():
                live.apply(artists[name], name, value)
            for ax in fig.axes:
                ax.relim()
                ax.autoscale_view()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", bbox_inches="tight")  # what the inline backend's show() does
        plt.close(fig)

    alone_ms, _ = timed(render_alone, repeat=repeat)
    alone_savefig_ms, _ = timed(render_alone_savefig, repeat=repeat)
    naive_ms, _ = timed(naive_update, repeat=repeat)
    return {"n_draws": n_draws, "size_px": list(live.LIVE_SIZE_PX), "live_update_ms_median": update_ms,
            "live_update_ms_runs": update_runs, "layouts_in_renders": [layouts, renders],
            "live_update_relayout_ms_median": relayout_ms, "relayouts_in_that_test": [relayouts, repeat + 1],
            "ratio_live_relayout_to_render_alone": relayout_ms / alone_ms,
            "compute_ms_median": compute_ms, "render_alone_ms_median": alone_ms,
            "render_alone_savefig_ms_median": alone_savefig_ms, "naive_rebuild_ms_median": naive_ms,
            "ratio_live_to_render_alone": update_ms / alone_ms, "ratio_naive_to_render_alone": naive_ms / alone_ms,
            "png_bytes": len(explorer.png)}


# --- (c) a chapter kernel's peak memory -------------------------------------------------------------------

CHAPTER_KERNEL = textwrap.dedent("""
    import json, re, resource, time
    from pathlib import Path
    t0 = time.perf_counter()
    import matplotlib
    matplotlib.use("Agg")
    import ipywidgets as ipw
    import numpy as np
    from selloff import data, live, plotting, scenario, widgets
    from selloff.calibration import default_calibration

    frames = {name: data.load(name) for name in data.available()}
    calibration = default_calibration()
    sale = scenario.presets()["eu_quarter"]
    draws = scenario.run_draws(sale, calibration, n=10_000, rng=0)

    def render(total, months):
        fig = widgets.frame_figure()
        with plotting.house_style():
            ax = fig.subplots()
            path = scenario.run(scenario.Scenario("s", {"official": float(total)}, months=int(months)), calibration)
            ax.plot(path.index, path["yield_change_bp"], color=plotting.ACTOR_COLOURS["yield"])
            ax.set_ylabel("bp")
        return fig

    box = widgets.static_widget(render, {"total": list(range(0, 2600, 200)), "months": [1, 3, 6, 12, 24]},
                                alt="the yield path")
    explorer = live.scenario_explorer(
        lambda total, months: scenario.Scenario("s", {"official": float(total)}, months=int(months)),
        calibration, {"total": ipw.FloatSlider(value=500, min=0, max=3000),
                      "months": ipw.IntSlider(value=6, min=1, max=24)})
    explorer.controls["total"].value = 1500.0
    # VmHWM: this process's own peak. ru_maxrss would report at least the peak of the process that started
    # this one (Linux keeps it across exec), i.e. of this benchmark after its draws.
    status = Path("/proc/self/status")
    peak_kb = (int(re.search(r"VmHWM:\s+(\d+) kB", status.read_text()).group(1)) if status.exists()
               else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(json.dumps({"peak_rss_mb": peak_kb / 1024,
                      "frames": len(widgets.frames(box)), "resources": len(frames),
                      "seconds": time.perf_counter() - t0}))
""")


def bench_memory() -> dict:
    # The environment (thread settings included) is passed on unchanged.
    result = subprocess.run([sys.executable, "-c", CHAPTER_KERNEL], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    draws, update, memory = bench_draws(), bench_update(), bench_memory()

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    rows = [
        ("(a) 10,000 draws, 104 weeks, market core (yields, accounting, Fed)",
         f"{draws['core_ms_median']:8.1f} ms", f"goal <= {GOALS['draws_ms']:.0f} ms: "
         f"{verdict(draws['core_ms_median'] <= GOALS['draws_ms'])}"),
        ("    the same, CPU time of the process", f"{draws['core_cpu_ms_median']:8.1f} ms", ""),
        ("    the same, every output (curve, ladder, dollar, sellers...)",
         f"{draws['vectorised_ms_median']:8.1f} ms", f"goal <= {GOALS['draws_ms']:.0f} ms: "
         f"{verdict(draws['vectorised_ms_median'] <= GOALS['draws_ms'])}; "
         f"load average {draws['load_average_1min']:.1f} on {os.cpu_count()} cores"),
        ("    every output, CPU time of the process", f"{draws['vectorised_cpu_ms_median']:8.1f} ms", ""),
        (f"    per-draw Python loop ({draws['loop_draws_timed']} draws, scaled)",
         f"{draws['loop_ms_scaled_to_n']:8.1f} ms", f"vectorised is {draws['speed_up']:.0f}x faster"),
        (f"(b) live update ({update['n_draws']} draws), median of 9",
         f"{update['live_update_ms_median']:8.1f} ms",
         f"{update['ratio_live_to_render_alone']:.2f}x render alone; goal <= {GOALS['update_ratio']}x: "
         f"{verdict(update['ratio_live_to_render_alone'] <= GOALS['update_ratio'])}"),
        ("    live update when tick labels change (re-layout)", f"{update['live_update_relayout_ms_median']:8.1f} ms",
         f"{update['ratio_live_relayout_to_render_alone']:.2f}x render alone "
         f"({update['relayouts_in_that_test'][0]} layouts in {update['relayouts_in_that_test'][1]} updates)"),
        ("    of which the model (draws + central path)", f"{update['compute_ms_median']:8.1f} ms", ""),
        ("    render the same figure alone (create + PNG)", f"{update['render_alone_ms_median']:8.1f} ms",
         "1.00x (baseline)"),
        ("    the same with savefig", f"{update['render_alone_savefig_ms_median']:8.1f} ms",
         f"{update['render_alone_savefig_ms_median'] / update['render_alone_ms_median']:.2f}x render alone"),
        ("    naive update: rebuild the figure each time", f"{update['naive_rebuild_ms_median']:8.1f} ms",
         f"{update['ratio_naive_to_render_alone']:.2f}x render alone"),
        ("    layouts run / renders (live figure, first row)",
         f"{update['layouts_in_renders'][0]:>5d} / {update['layouts_in_renders'][1]}", ""),
        ("(c) chapter kernel peak RSS (fresh process)", f"{memory['peak_rss_mb']:8.1f} MB",
         f"goal <= {GOALS['peak_rss_mb']:.0f} MB: {verdict(memory['peak_rss_mb'] <= GOALS['peak_rss_mb'])}"),
        (f"    ({memory['resources']} resources, {memory['frames']}-frame static widget, live explorer)",
         f"{memory['seconds']:8.1f} s", "wall time of that kernel"),
    ]
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'benchmark':<{width}}{'result':>12}   note")
    for label, value, note in rows:
        print(f"{label:<{width}}{value:>12}   {note}")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "python": platform.python_version(),
        "machine": platform.machine(), "cpus": os.cpu_count(), "numpy": np.__version__,
        "matplotlib": matplotlib.__version__,
        "thread_env": {k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")},
        "goals": GOALS, "draws": draws, "update": update, "memory": memory,
    }, indent=2) + "\n")
    print(f"written: {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")


if __name__ == "__main__":
    main()
