"""What Binder (repo2docker) does with this repository, on this machine: a fresh environment from
requirements.txt alone (runtime.txt pins Python), then every notebook in book/ runs top to bottom.

Slow (a fresh virtualenv): runs with `pytest --slow` or CI=true. pip's cache is used, so after the
first run it installs from local wheels.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
INSTALL_TIMEOUT_S = 1200
CELL_TIMEOUT_S = 600
NOTEBOOK_TIMEOUT_S = 1800


def test_runtime_txt_pins_python():
    pin = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(3)\.(\d+)", pin)
    assert match, f"runtime.txt must pin Binder's Python as python-3.X, not {pin!r}"
    requires = re.search(r'requires-python\s*=\s*">=3\.(\d+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    if requires:
        assert int(match.group(2)) >= int(requires.group(1)), f"{pin} is older than pyproject's requires-python"


def run(cmd: list[str], timeout: int, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout, **kwargs)
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-60:])
        pytest.fail(f"`{' '.join(map(str, cmd))}` exited {proc.returncode}:\n{tail}", pytrace=False)
    return proc


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with requirements.txt (and nothing else) installed, as Binder would build it."""
    home = tmp_path_factory.mktemp("binder")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / "bin"
    # Only the new environment: no variables pointing at the outer venv or user-wide Jupyter files.
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH",
                                                             "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR"}}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(env_dir),
               JUPYTER_PATH=str(env_dir / "share" / "jupyter"), JUPYTER_DATA_DIR=str(home / "jupyter-data"),
               JUPYTER_CONFIG_DIR=str(home / "jupyter-config"), MPLBACKEND="Agg", PYTHONNOUSERSITE="1")
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
        INSTALL_TIMEOUT_S, cwd=ROOT, env=env)
    # repo2docker registers the environment's kernel as python3; do the same inside the venv.
    run([str(bin_dir / "python"), "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], 300, env=env)
    specs = json.loads(run([str(bin_dir / "jupyter"), "kernelspec", "list", "--json"], 120, env=env).stdout)
    argv0 = specs["kernelspecs"]["python3"]["spec"]["argv"][0]
    assert Path(argv0).resolve().is_relative_to(env_dir.resolve()) or Path(argv0).parent == bin_dir, \
        f"the python3 kernel would not run in the fresh environment: {argv0}"
    return env_dir, env


@pytest.mark.slow
def test_binder_environment_has_the_book_package(binder_env):
    env_dir, env = binder_env
    out = run([str(env_dir / "bin" / "python"), "-c", "import selloff, sys; print(selloff.__file__)"], 120,
              env=env, cwd=env_dir).stdout.strip()
    assert Path(out).resolve().is_relative_to((ROOT / "src").resolve()), f"selloff imported from {out}"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_runs_in_binder_environment(binder_env, notebook, tmp_path):
    env_dir, env = binder_env
    run([str(env_dir / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
         f"--ExecutePreprocessor.timeout={CELL_TIMEOUT_S}", "--ExecutePreprocessor.kernel_name=python3",
         "--output-dir", str(tmp_path), str(notebook)], NOTEBOOK_TIMEOUT_S, cwd=notebook.parent, env=env)
    executed = json.loads((tmp_path / notebook.name).read_text(encoding="utf-8"))
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{notebook.name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
