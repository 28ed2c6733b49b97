"""The CLI fails in one line with a non-zero status, and a subject access request
for a child the register does not hold reads (and logs) nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.cli.main import main
from tests.builders import SCHOOL_A, random_upn
from tests.e2e.helpers import movement_body


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PMR_DATABASE_URL", f"sqlite:///{tmp_path / 'pmr.sqlite'}")
    monkeypatch.setenv("PMR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PMR_ENV", "test")
    return Settings()


def logged_reads(settings: Settings) -> int:
    container = bootstrap(settings, start_follower=False)
    try:
        return len(container.db.query("SELECT 1 FROM access_log"))
    finally:
        container.close()


@pytest.mark.parametrize(
    "argv",
    [["import", "no/such/folder"], ["schools", "import", "no-such-file.csv"]],
)
def test_a_missing_path_is_one_line_and_exit_1(register, capsys, argv) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("pmr: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_subject_access_for_an_unknown_child_fails_and_logs_nothing(
    register, capsys
) -> None:
    before = logged_reads(register)
    assert main(["subject-access", "--pupil-key", "pk_nobody"]) == 1
    upn = random_upn()
    assert main(["subject-access", "--upn", upn, "--date-of-birth", "2011-03-14"]) == 1
    assert main(["subject-access", "--upn", upn]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3 and all(line.startswith("pmr: ") for line in err)
    assert logged_reads(register) == before


def test_subject_access_by_upn_and_date_of_birth_finds_the_child(
    register, capsys
) -> None:
    from services.access.tokens import Principal, Role
    from services.recording.movement_body import MovementCreate
    from services.recording.service import record

    pupil = {"upn": random_upn(), "date_of_birth": "2011-03-14"}
    container = bootstrap(register, start_follower=False)
    try:
        from services.reference.schools import import_gias
        from tests.conftest import FIXTURES

        import_gias(container.schools, FIXTURES / "gias_sample.csv")
        body = MovementCreate.model_validate(movement_body("suspension", pupil=pupil))
        receipt = record(
            container, Principal("test-school", Role.SCHOOL, urn=SCHOOL_A), body
        )
    finally:
        container.close()
    capsys.readouterr()

    wrong = ["subject-access", "--upn", pupil["upn"], "--date-of-birth", "2011-03-15"]
    assert main(wrong) == 1
    right = ["subject-access", "--upn", pupil["upn"], "--date-of-birth", "2011-03-14"]
    assert main(right) == 0
    pack = json.loads(capsys.readouterr().out)
    assert receipt.pupil_key in json.dumps(pack)


def test_schools_import_summarises_what_it_refused_and_why(register, capsys) -> None:
    from tests.conftest import FIXTURES

    assert main(["schools", "import", str(FIXTURES / "gias_sample.csv")]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("imported 10 schools, refused 2")
    refused = captured.err.splitlines()
    assert len(refused) == 2 and all(" refused: " in line for line in refused)
    assert any("URN" in line for line in refused)
    assert any("LA (code)" in line for line in refused)
    assert main(["schools", "import", str(FIXTURES / "gias_vocabularies.csv")]) == 0
    assert capsys.readouterr().out.startswith("imported 19 schools, refused 0")


def test_export_ees_screens_every_file_it_writes(register, capsys, tmp_path) -> None:
    from services.access.tokens import Principal, Role
    from services.recording.movement_body import MovementCreate
    from services.recording.service import record
    from services.reference.schools import import_gias
    from tests.conftest import FIXTURES
    from tests.e2e.helpers import settled_position

    container = bootstrap(register)
    try:
        import_gias(container.schools, FIXTURES / "gias_sample.csv")
        for _ in range(3):
            pupil = {"upn": random_upn(), "date_of_birth": "2011-03-14"}
            body = movement_body("suspension", pupil=pupil, effective_date="2025-10-06")
            record(
                container,
                Principal("test-school", Role.SCHOOL, urn=SCHOOL_A),
                MovementCreate.model_validate(body),
            )
        settled_position(container)
    finally:
        container.close()
    capsys.readouterr()
    out = tmp_path / "ees"
    argv = ["export", "ees", "--academic-year", "2025-26", "--out", str(out)]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    verdicts = [line for line in lines if line.startswith("screener: ")]
    data_files = [p for p in out.glob("*.csv") if not p.name.endswith(".meta.csv")]
    assert len(verdicts) == len(data_files) >= 4  # no exits yet: no LA exits file
    assert all(" passes" in line for line in verdicts)
    # A file the screener would refuse makes the export fail.
    broken = out / "movements_la_202526.meta.csv"
    broken.write_text(broken.read_text().replace("Filter", "Filtre", 1))
    from services.cli.operations import _screened

    assert _screened(out) == 1
    assert "refused at Precheck meta" in capsys.readouterr().out


def test_a_full_size_layout_imports_with_progress_and_a_summary(
    register, capsys, tmp_path
) -> None:
    from bench.gias_import import write_extract
    from services.reference.schools import import_gias

    extract = tmp_path / "edubasealldata20261201.csv"
    assert write_extract(extract, 3_000, refuse_every=500) == 6
    heard: list[tuple[int, int]] = []
    container = bootstrap(register, start_follower=False)
    try:
        report = import_gias(container.schools, extract, lambda *p: heard.append(p))
        assert container.schools.count() == 2_994
    finally:
        container.close()
    # once per batch of 1,000 schools kept (rows read include the refused), then done
    assert [total for _, total in heard] == [3_000] * 3
    assert [read for read, _ in heard] == [1_002, 2_004, 3_000]
    assert (report.imported, len(report.rejected)) == (2_994, 6)

    assert main(["schools", "import", str(extract)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("imported 2994 schools, refused 6")
    refused = captured.err.splitlines()  # a pipe, not a terminal: no bar drawn
    assert refused == [
        "  3 refused: LA (code): an LA code is 3 digits (lines 1001, 2001, 3001)",
        "  3 refused: URN: a URN is 6 digits (lines 501, 1501, 2501)",
    ]
