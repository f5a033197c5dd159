"""``git:REF:PATH`` sources: single and multi-file specs read from a temporary git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from apigen.diff.sources import open_source
from apigen.errors import UsageError

from .clirun import REPO, VERSIONS, run

MULTIFILE = REPO / "specs" / "examples" / "multifile"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository with a local identity, isolated from the user's git config."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "commit.gpgsign", "false")
    monkeypatch.chdir(root)
    return root


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def test_single_file_at_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(VERSIONS / "v1.yaml", repo / "openapi.yaml")
    commit(repo, "v1")
    shutil.copy(VERSIONS / "v2.yaml", repo / "openapi.yaml")
    result = run(capsys, "diff", "git:HEAD:openapi.yaml", "openapi.yaml", "--format", "json")
    assert result.code == 1, result.err
    doc = json.loads(result.out)
    assert (doc["base"], doc["revision"]) == ("git:HEAD:openapi.yaml", "openapi.yaml")
    assert doc["summary"]["breaking"] >= 3
    assert {c["file"] for c in doc["changes"]} == {"openapi.yaml"}
    removed = next(c for c in doc["changes"] if c["path"] == "/books/{id}/reviews")
    # its line is the line in the committed (v1) text, not in the working tree
    v1_lines = (VERSIONS / "v1.yaml").read_text().splitlines()
    assert v1_lines[removed["line"] - 1].strip() == "get:"


def test_both_sides_from_history(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "specs").mkdir()
    shutil.copy(VERSIONS / "v1.yaml", repo / "specs" / "api.yaml")
    commit(repo, "v1")
    shutil.copy(VERSIONS / "v2.yaml", repo / "specs" / "api.yaml")
    commit(repo, "v2")
    (repo / "specs" / "api.yaml").write_text("not: [a, spec")  # the working tree is irrelevant
    result = run(
        capsys, "diff", "git:HEAD~1:specs/api.yaml", "git:HEAD:specs/api.yaml", "--format", "json"
    )
    assert result.code == 1, result.err
    doc = json.loads(result.out)
    assert doc["summary"]["breaking"] >= 3
    assert {c["file"] for c in doc["changes"]} == {"specs/api.yaml"}
    same = run(capsys, "diff", "git:HEAD:specs/api.yaml", "git:HEAD:specs/api.yaml")
    assert same.code == 0 and "No changes." in same.out


def multifile_repo(repo: Path) -> Path:
    """The multi-file example at api/multifile (its refs climb to ../multifile/ and back)."""
    target = repo / "api" / "multifile"
    shutil.copytree(MULTIFILE, target)
    (repo / "README.md").write_text("not a spec\n")
    (repo / "api" / "logo.png").write_bytes(b"\x89PNG not copied")
    commit(repo, "multi-file spec")
    common = target / "schemas" / "common.yaml"
    text = common.read_text()
    assert "out_for_delivery, " in text
    common.write_text(text.replace("out_for_delivery, ", ""))
    return target


def test_multi_file_spec(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    multifile_repo(repo)
    root = "api/multifile/openapi.yaml"
    result = run(capsys, "diff", f"git:HEAD:{root}", root, "--format", "json")
    assert result.code == 1, result.err
    doc = json.loads(result.out)
    breaking = [c for c in doc["changes"] if c["level"] == "breaking"]
    assert [c["id"] for c in breaking] == ["request-parameter-enum-value-removed"]
    assert "out_for_delivery" in breaking[0]["message"]
    files = {c["file"] for c in doc["changes"]}
    assert files <= {
        "api/multifile/paths/orders.yaml",
        "api/multifile/schemas/Order.yaml",
        "api/multifile/schemas/common.yaml",
    }
    assert "api/multifile/paths/orders.yaml" in files
    # no change at all between HEAD and itself: every file was materialised
    assert run(capsys, "diff", f"git:HEAD:{root}", f"git:HEAD:{root}").code == 0


def test_multi_file_from_subdirectory(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = multifile_repo(repo)
    monkeypatch.chdir(target)
    result = run(capsys, "diff", "git:HEAD:./openapi.yaml", "openapi.yaml", "--format", "github")
    assert result.code == 1, result.err
    errors = [line for line in result.out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1
    # names relative to the cwd, like the working-tree spec given as the revision
    lines = (target / "paths" / "orders.yaml").read_text().splitlines()
    status = next(n for n, text in enumerate(lines, 1) if "name: status" in text)
    assert errors[0].startswith(f"::error file=paths/orders.yaml,line={status},")
    # the top-level form names the same file
    top = run(capsys, "diff", "git:HEAD:api/multifile/openapi.yaml", "openapi.yaml")
    assert top.code == 1


def test_only_spec_files_are_written_and_cleaned_up(repo: Path) -> None:
    multifile_repo(repo)
    with open_source("git:HEAD:api/multifile/openapi.yaml", "base") as source:
        tmp = source.path.parents[2]
        written = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
        assert source.from_git
        assert (
            source.path.read_bytes()
            == git(repo, "show", "HEAD:api/multifile/openapi.yaml").encode()
        )
        assert source.display_file(str(source.path)) == "api/multifile/openapi.yaml"
    assert "api/logo.png" not in written
    assert "README.md" not in written
    assert "api/multifile/schemas/common.yaml" in written
    assert len(written) == len(list(MULTIFILE.rglob("*.yaml")))
    assert not tmp.exists()


def test_outside_refs_materialise_the_whole_tree(repo: Path) -> None:
    multifile_repo(repo)
    (repo / "shared.yaml").write_text("X: {type: string}\n")
    commit(repo, "shared")
    with open_source("git:HEAD:api/multifile/openapi.yaml", "base", whole_tree=True) as source:
        assert (source.path.parents[2] / "shared.yaml").is_file()


@pytest.mark.parametrize(
    "arg,needle",
    [
        ("git:no-such-branch:openapi.yaml", "unknown git revision 'no-such-branch'"),
        ("git:HEAD:missing.yaml", "'missing.yaml' does not exist at HEAD"),
        ("git:HEAD:specs", "'specs' is not a file at HEAD"),
        ("git:HEAD:../outside.yaml", "outside the repository"),
        ("git:HEAD", "expected git:REF:PATH"),
        ("git::openapi.yaml", "expected git:REF:PATH"),
        ("git:--output=x:openapi.yaml", "cannot start with '-'"),
        ("git:HEAD;touch pwned:openapi.yaml", "unknown git revision"),
        ("git:$(touch pwned):openapi.yaml", "unknown git revision"),
    ],
)
def test_bad_git_sources(
    repo: Path, capsys: pytest.CaptureFixture[str], arg: str, needle: str
) -> None:
    (repo / "specs").mkdir()
    shutil.copy(VERSIONS / "v1.yaml", repo / "specs" / "a.yaml")
    shutil.copy(VERSIONS / "v1.yaml", repo / "openapi.yaml")
    commit(repo, "v1")
    result = run(capsys, "diff", arg, "openapi.yaml")
    assert result.code == 2
    assert result.out == ""
    (line,) = result.err.strip().splitlines()
    assert line.startswith(f"apigen: error: base {arg}")
    assert needle in line
    assert not (repo / "pwned").exists()


def test_not_a_git_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(VERSIONS / "v1.yaml", plain / "openapi.yaml")
    monkeypatch.chdir(plain)
    result = run(capsys, "diff", "git:HEAD:openapi.yaml", "openapi.yaml")
    assert result.code == 2
    assert "not inside a git repository" in result.err
    with pytest.raises(UsageError), open_source("git:HEAD:openapi.yaml", "base"):
        pass


def test_broken_spec_at_ref_names_the_repo_file(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "openapi.yaml").write_text("openapi: 3.0.3\ninfo: [oops\n")
    commit(repo, "broken")
    shutil.copy(VERSIONS / "v1.yaml", repo / "openapi.yaml")
    result = run(capsys, "diff", "git:HEAD:openapi.yaml", "openapi.yaml")
    assert result.code == 2
    (line,) = result.err.strip().splitlines()
    assert "git:HEAD:openapi.yaml" in line
    assert "apigen-diff-" not in line  # no temporary path leaks into the message
    assert ": openapi.yaml:" in line
