"""``copier update`` brings a later version of the ``apigen new`` template into a project.

The template is exported to a git repository (what ``python -m apigen.new export`` does, in
a temporary HOME), a project is made from it and edited by its developer, then the template
gets a new tagged version; the real ``copier update`` must merge it and keep the edits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from apigen.new import create_project, export_template, template_version

from .tools import ROOT

GIT_ENV = {
    "GIT_AUTHOR_NAME": "dev",
    "GIT_AUTHOR_EMAIL": "dev@localhost",
    "GIT_COMMITTER_NAME": "dev",
    "GIT_COMMITTER_EMAIL": "dev@localhost",
}


def _run(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    return result


@pytest.mark.slow
def test_copier_update_merges_a_new_template_version(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, **GIT_ENV, "HOME": str(home), "PYTHONPATH": str(ROOT)}
    repo = home / ".apigen" / "templates" / "new"
    first = template_version()
    assert export_template(repo) == first
    again = _run(tmp_path, sys.executable, "-m", "apigen.new", "export", str(repo), env=env)
    assert again.stdout == f"{repo}: apigen new template {first}\n"  # the same version: no change
    tags = _run(repo, "git", "tag", env=env).stdout.split()
    commits = _run(repo, "git", "rev-list", "--count", "HEAD", env=env).stdout.strip()
    assert (tags, commits) == ([first], "1")

    project = create_project(tmp_path / "demo", name="demo", spec=None, generate=False).dest
    with (project / "openapi.yaml").open("a", encoding="utf-8") as spec:
        spec.write("x-owner: the developer\n")
    with (project / "Makefile").open("a", encoding="utf-8") as makefile:
        makefile.write("\nlint:  ## the developer's own verb\n\truff check server\n")
    _run(project, "git", "init", "-q", env=env)
    _run(project, "git", "add", "-A", env=env)
    _run(project, "git", "commit", "-q", "-m", "demo", env=env)

    # The next template version: a new verb, and the starter contract changed too.
    makefile = repo / "project" / "Makefile.jinja"
    makefile.write_text(
        makefile.read_text("utf-8") + "\nfmt:  ## from the new template\n\truff format server\n",
        "utf-8",
    )
    starter = next((repo / "project").glob("*openapi.yaml*"))
    starter.write_text(starter.read_text("utf-8") + "x-template: changed\n", "utf-8")
    config = repo / "copier.yml"
    config.write_text(config.read_text("utf-8").replace(f'"{first}"', '"v99.0.0"'), "utf-8")
    _run(repo, "git", "commit", "-q", "-am", "next version", env=env)
    _run(repo, "git", "tag", "v99.0.0", env=env)

    _run(project, sys.executable, "-m", "copier", "update", "--defaults", env=env)
    merged = (project / "Makefile").read_text("utf-8")
    assert "fmt:  ## from the new template" in merged
    assert "lint:  ## the developer's own verb" in merged
    contract = (project / "openapi.yaml").read_text("utf-8")
    assert "x-owner: the developer" in contract and "x-template" not in contract
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text("utf-8"))
    assert answers["_commit"] == "v99.0.0"
    assert answers["package"] == "demo_service"
