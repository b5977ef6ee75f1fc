"""Issue 23, finding 9: what the README says that a test can hold is held by one: the files, functions and
libraries it names exist and do what it says, its commands run, and its figures are those of the benchmark
output it quotes (the README had said exchange ids were hashed by DuckDB, and two things of the Parquet files)."""

import re
import shlex
import subprocess

import pytest

from pipelines.publish import verify
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
CODE_FOLDERS = ("pipelines", "schemas", "benchmarks", "tests")
HOSTILE = REPO / "benchmarks" / "results" / "hostile_inputs.md"


def _code() -> str:
    texts = [
        p.read_text(encoding="utf-8", errors="replace")
        for folder in CODE_FOLDERS
        for p in (REPO / folder).rglob("*")
        if p.is_file() and p.suffix in (".py", ".sql", ".yaml", ".toml")
    ]
    return "\n".join([*texts, *((REPO / n).read_text(encoding="utf-8") for n in ("Makefile", "pyproject.toml"))])


def test_every_path_the_readme_names_exists():
    paths = set(re.findall(r"(?<![\w/.])((?:pipelines|schemas|benchmarks|tests|raw)/[\w./-]*\w)", README))
    assert len(paths) > 20
    assert [p for p in sorted(paths) if "<" not in p and not (REPO / p).exists()] == []


def test_every_function_constant_and_asset_the_readme_names_is_in_the_code():
    """Names in backticks with an underscore or a dot (`sha256_once`, `ProblemReports.kept`, `raw_exchanges`);
    the limits' variables are built from their names, and checked by test_every_limit_is_in_the_readme."""
    names = {
        t
        for t in re.findall(r"`([A-Za-z_][\w.]*)`", README)
        if ("_" in t or "." in t) and not re.search(r"\.(py|sql|csv|yaml|json|jsonld|md|ttl|xlsx|cff|html)$", t)
    }
    assert len(names) > 30
    code = _code()
    assert sorted(n for n in names if not n.startswith("EUCP_MAX_") and n.split(".")[-1] not in code) == []


def test_exchange_ids_are_hashed_by_the_library_the_readme_names():
    exchanges = (REPO / "pipelines" / "core" / "exchanges.py").read_text(encoding="utf-8")
    assert "hashed inside Polars by the\n  `polars-hash` plugin" in README and "import polars_hash" in exchanges
    assert "computed by DuckDB's" not in README and "polars-hash" in (REPO / "pyproject.toml").read_text()


def test_the_frictionless_sample_is_described_as_the_verifier_takes_it():
    assert f"first `SAMPLE_ROWS` ({verify.SAMPLE_ROWS}) rows" in README
    assert "copied whole" in README and "shutil.copyfile(source" in (REPO / "pipelines/publish/verify.py").read_text()
    assert "Parquet\n  files are declared as file resources" not in README  # they are each CSV resource's `parquet`
    assert "extension property `parquet`" in README


@pytest.mark.parametrize(
    "command", [line.strip() for line in README.splitlines() if line.strip().startswith(".venv/bin/frictionless ")]
)
def test_the_readme_validation_commands_run(command):
    done = subprocess.run(shlex.split(command), cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]


def test_the_hostile_input_figures_are_those_of_the_benchmark_output():
    """Each row of the README's table (file, peak RSS, rule) is a row the benchmark printed, kept in
    benchmarks/results/hostile_inputs.md; every run stayed under 1 GB and failed (exit 1)."""
    section = README.split("| Hostile file (generated) |", 1)[1].split("\n\n", 1)[0]
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in section.splitlines()[2:]]
    measured = {}
    for line in HOSTILE.read_text(encoding="utf-8").splitlines()[2:]:
        kind, _size, peak, code, problem = [c.strip() for c in line.strip("|").split("|", 4)]
        measured[kind] = (peak, code, problem)
        assert code == "1" and int(peak.removesuffix(" MB").replace(",", "")) < 1024, line
    assert len(rows) >= 14
    for kind, _size, peak, refused in rows:
        assert kind.strip("`") in measured, kind
        assert peak == measured[kind.strip("`")][0], kind
        assert refused.strip("`") in measured[kind.strip("`")][2], kind
