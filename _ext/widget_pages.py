"""Lighter, accessible widget pages: what the built HTML of a page with saved widgets carries.

Run on each page's ``html-page-context`` (after myst-nb has added the widget state and MathJax):

* **Prune** the saved widget state to the models some view on the page uses: the models reachable
  from the page's widget views (through ``IPY_MODEL_`` references), and the links (``jslink``)
  between them. The chapters' live-kernel widgets (their outputs are removed from the page) leave
  their models in the notebook's state, 60-100 KB a chapter that no view shows.
* **Share identical layouts and styles**: every widget has its own Layout and Style model, nearly all
  identical (one per frame); identical ones are merged into one that the widgets share (ipywidgets
  allows a layout or style to be shared), another 60-100 KB a chapter.
* **Frames as files**: each ``data:image/png;base64`` image inside a model's state (the static
  widgets' pre-rendered frames, see ``selloff.widgets``) is written once to ``_images/widgets/``
  under its content hash and referenced by a relative URL, so that the page carries no base64 and
  the browser fetches only the frames it shows (the frames are ``loading="lazy"``; a frame hidden in
  a ``Stack`` is never fetched).
* **Without JavaScript**: after each widget view, a ``<noscript>`` with the frame(s) the widget shows
  by default (with their alt text) and a note that the figure is interactive with JavaScript on.
* **MathJax only where there is maths**: a page whose body has no ``class="math"`` element loads no
  MathJax (Jupyter Book otherwise adds it to every page).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
VIEW_TAG = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.DOTALL)
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]+)")
DATA_PNG = re.compile(r'data:image/png;base64,([A-Za-z0-9+/=]+)')
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
LINK_MODELS = {"LinkModel", "DirectionalLinkModel"}
FRAMES_DIR = "_images/widgets"
NOSCRIPT_NOTE = ("This figure is interactive: with JavaScript on, its controls switch between "
                 "pre-computed views. Shown here: its default view.")


def _refs(value: Any) -> set[str]:
    return set(MODEL_REF.findall(json.dumps(value)))


def used_models(state: dict[str, Any], view_ids: list[str]) -> set[str]:
    """The model ids some view uses: reachable from ``view_ids``, plus links between reachable models."""
    keep: set[str] = set()
    todo = [m for m in view_ids if m in state]
    while todo:
        model_id = todo.pop()
        if model_id in keep:
            continue
        keep.add(model_id)
        todo.extend(r for r in _refs(state[model_id].get("state", {})) if r in state and r not in keep)
    links = {m for m, entry in state.items() if entry.get("model_name") in LINK_MODELS
             and _refs(entry.get("state", {})) and _refs(entry.get("state", {})) <= keep}
    return keep | links


SHAREABLE = re.compile(r"(Layout|Style)Model$")


def merge_identical_models(state: dict[str, Any]) -> dict[str, Any]:
    """Merge Layout and Style models with the same content into one, and point every reference at it."""
    canonical: dict[str, str] = {}
    first: dict[str, str] = {}
    for model_id, entry in state.items():
        if SHAREABLE.search(entry.get("model_name", "")):
            key = json.dumps([entry.get("model_name"), entry.get("model_module"), entry.get("state")], sort_keys=True)
            canonical[model_id] = first.setdefault(key, model_id)
    duplicates = {m: c for m, c in canonical.items() if m != c}
    if not duplicates:
        return state
    text = MODEL_REF.sub(lambda m: f"IPY_MODEL_{duplicates.get(m.group(1), m.group(1))}",
                         json.dumps({m: e for m, e in state.items() if m not in duplicates}))
    return json.loads(text)


def default_frames(state: dict[str, Any], model_id: str) -> list[str]:
    """The ``<img>`` tags a view of ``model_id`` shows before any control is moved."""
    entry = state.get(model_id)
    if entry is None:
        return []
    model = entry.get("state", {})
    children = [MODEL_REF.fullmatch(c) for c in model.get("children", []) if isinstance(c, str)]
    child_ids = [c.group(1) for c in children if c]
    if entry.get("model_name") == "StackModel":
        index = model.get("selected_index")
        child_ids = [child_ids[index]] if isinstance(index, int) and 0 <= index < len(child_ids) else []
    if child_ids:
        return [img for c in child_ids for img in default_frames(state, c)]
    value = model.get("value")
    return IMG_TAG.findall(value) if isinstance(value, str) else []


def frames_to_files(state: dict[str, Any], outdir: Path, url_prefix: str) -> None:
    """Replace base64 PNGs in the models' string values by files under ``outdir/_images/widgets``,
    named by their content's hash (a frame shared by pages, or unchanged since the last build, is
    written once)."""
    target = outdir / FRAMES_DIR
    for entry in state.values():
        model = entry.get("state", {})
        for key, value in model.items():
            if not isinstance(value, str) or "data:image/png;base64," not in value:
                continue

            def to_file(match: re.Match) -> str:
                data = base64.b64decode(match.group(1))
                name = f"{hashlib.sha256(data).hexdigest()[:20]}.png"
                path = target / name
                if not path.is_file():
                    target.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                return f"{url_prefix}{name}"

            model[key] = DATA_PNG.sub(to_file, value)


def noscript_for(state: dict[str, Any], model_id: str) -> str:
    frames = default_frames(state, model_id)
    if not frames:
        return ""
    # Without JavaScript the default frame is the figure: load it at once, like any image of the page.
    shown = "".join(img.replace(' loading="lazy"', "") for img in frames)
    return (f'<noscript><div class="widget-noscript">{shown}'
            f'<p class="widget-noscript-note">{html.escape(NOSCRIPT_NOTE)}</p></div></noscript>')


def rewrite_widget_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    scripts = context.get("script_files")
    body = context.get("body")
    if not isinstance(scripts, list) or not isinstance(body, str):
        return
    at = next((i for i, js in enumerate(scripts) if js.attributes.get("type") == WIDGET_STATE), None)
    if at is None:
        return
    js = scripts[at]
    saved = json.loads(js.attributes["body"].replace("<\\/", "</"))
    state = saved.get("state", {})
    view_ids = [json.loads(m.group(1)).get("model_id") for m in VIEW_TAG.finditer(body)]
    keep = used_models(state, [v for v in view_ids if v])
    saved["state"] = state = merge_identical_models({m: entry for m, entry in state.items() if m in keep})
    prefix = context["pathto"](FRAMES_DIR, 1) + "/"
    frames_to_files(state, Path(app.outdir), prefix)
    context["body"] = VIEW_TAG.sub(lambda m: m.group(0) + noscript_for(state, json.loads(m.group(1)).get("model_id")),
                                   body)
    attributes = dict(js.attributes, body=json.dumps(saved, separators=(",", ":")).replace("</", "<\\/"))
    scripts[at] = _JavaScript(js.filename, priority=js.priority, **attributes)


def mathjax_only_with_maths(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Drop MathJax (and its configuration and the widget manager's MathJax 2 shim) from a page with no maths."""
    scripts = context.get("script_files")
    body = context.get("body")
    if not isinstance(scripts, list) or (isinstance(body, str) and 'class="math' in body):
        return
    mathjax = app.config.mathjax_path
    scripts[:] = [js for js in scripts
                  if not (str(js.filename or "").endswith(mathjax)
                          or "window.MathJax" in js.attributes.get("body", ""))]


def setup(app: Sphinx) -> dict:
    # After myst-nb (500) and sphinx.ext.mathjax (500) have added their scripts to the page.
    app.connect("html-page-context", rewrite_widget_page, priority=800)
    app.connect("html-page-context", mathjax_only_with_maths, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
