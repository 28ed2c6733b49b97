"""`pmr export cnis --la 801 --out DIR`: the LA's register as a CSV of the minimum
fields, each child's export in their access log, the file readable by its owner
only; a wrong or missing LA code fails in one line."""

from __future__ import annotations

import csv
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from services.access.tokens import Principal, Role
from services.app.bootstrap import bootstrap
from services.app.config import Settings
from services.cli.main import main
from services.recording.movement_body import MovementCreate
from services.recording.service import record
from services.reference.schools import import_gias
from tests.builders import LA_A, SCHOOL_A, random_upn
from tests.conftest import FIXTURES
from tests.e2e.helpers import movement_body, settled_position


@pytest.fixture
def register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PMR_DATABASE_URL", f"sqlite:///{tmp_path / 'pmr.sqlite'}")
    monkeypatch.setenv("PMR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PMR_ENV", "test")
    return Settings()


def test_the_la_exports_its_register_and_each_child_is_logged(
    register, capsys, tmp_path
) -> None:
    upn = random_upn()
    container = bootstrap(register)
    try:
        import_gias(container.schools, FIXTURES / "gias_sample.csv")
        day = container.registry.clock().date() - timedelta(days=10)
        school = Principal("test-school", Role.SCHOOL, urn=SCHOOL_A)
        pupil = {"upn": upn, "date_of_birth": "2012-03-14", "year_group": 9}
        home_ed = movement_body("elective_home_education", pupil=pupil,
                                effective_date=day.isoformat())  # fmt: skip
        key = record(container, school, MovementCreate.model_validate(home_ed))
        other = {"upn": random_upn(), "date_of_birth": "2012-05-01", "year_group": 9}
        suspended = movement_body("suspension", pupil=other,
                                  effective_date=day.isoformat())  # fmt: skip
        record(container, school, MovementCreate.model_validate(suspended))
        settled_position(container)
    finally:
        container.close()
    capsys.readouterr()
    out = tmp_path / "returns"
    assert main(["export", "cnis", "--la", LA_A, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.endswith(": 1 child\n") and upn not in printed
    (path,) = out.glob("children_not_in_school_801_*.csv")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with path.open(encoding="utf-8") as file:
        (row,) = list(csv.DictReader(file))  # the suspended child is not on it
    assert row["upn"] == upn and row["date_of_birth"] == "2012-03-14"
    assert (row["reason"], row["limb"]) == ("home_education", "s436B condition C(a)")
    assert row["since"] == day.isoformat() and row["school_urn"] == ""
    assert row["duties_state"] == "information_owed"
    assert row["next_deadline_verified"] == "False"
    assert "child_name" in row["information_owed"].split(";")
    assert row["basis"] == "voluntary_list"
    pupil_key = key.pupil_key
    container = bootstrap(register, start_follower=False)
    try:
        looked = [e["action"] for e in container.access_log.for_pupil(pupil_key)]
    finally:
        container.close()
    assert looked.count("cnis_export") == 1


@pytest.mark.parametrize(
    "argv",
    [["export", "cnis", "--out", "x"], ["export", "cnis", "--la", "8O1", "--out", "x"]],
)
def test_a_missing_or_wrong_la_is_one_line_and_exit_1(register, capsys, argv) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("pmr: ") and err.count("\n") == 1
