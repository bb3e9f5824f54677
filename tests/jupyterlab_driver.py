"""Driving a real JupyterLab with Playwright, shared by the Binder test and the classroom-game test."""

from __future__ import annotations

import re
import time

# Run All has started: some code cell is running, queued or done.
STARTED_JS = r"""() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
  .some(p => /\[(\*|\d+)\]/.test(p.textContent))"""
# Run All has finished: no cell running or queued ("[*]"; after an error the queue is cleared), kernel idle.
DONE_JS = r"""() => ![...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
  .some(p => p.textContent.includes('[*]')) && !!document.querySelector(
  ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']")"""


# What went wrong in the open notebook: a code cell that did not run (its prompt is not "[n]"), or one that
# shows an error (JupyterLab renders errors and stderr with the stderr MIME type; the chapters print nothing to
# stderr, as the book's build turns any stderr output into a failure).
CELL_PROBLEMS_JS = r"""() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')]
  .flatMap((cell, i) => {
    const prompt = cell.querySelector('.jp-InputPrompt').textContent.trim();
    const found = /\[\d+\]/.test(prompt) ? [] : [`code cell ${i + 1} did not run (prompt ${prompt})`];
    cell.querySelectorAll(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
      .forEach(o => found.push(`code cell ${i + 1} ${prompt} shows an error or stderr: ${o.textContent.slice(0, 300)}`));
    return found;
  })"""


def run_all_cells(page, attempts: int = 3) -> float:
    """Run > Run All Cells, once the kernel is up; returns the time it started (time.monotonic())."""
    # The status bar says "Python 3 (ipykernel) | Idle" once the kernel is connected; before that the menu
    # item may be disabled, and a click on it does nothing.
    page.get_by_text(re.compile(r"\| Idle$")).first.wait_for()
    for _ in range(attempts):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        t0 = time.monotonic()
        page.locator(".lm-Menu-item:not(.lm-mod-disabled):has(.lm-Menu-itemLabel:text-is('Run All Cells'))").click()
        try:
            page.wait_for_function(STARTED_JS, timeout=30_000, polling=250)
            return t0
        except Exception:  # noqa: BLE001 - the click came too early: try again
            page.keyboard.press("Escape")
    raise AssertionError(f"Run > Run All Cells started nothing in {attempts} attempts")
