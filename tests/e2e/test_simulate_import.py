"""`pmr simulate` output loaded through the register, twice, and reported on."""

from __future__ import annotations

from pathlib import Path

from services.app.bootstrap import Container
from services.recording.importer import import_simulation
from services.simulation.simulate import SimulationConfig, simulate, write


def test_import_records_once_and_the_report_sees_the_exits(
    container: Container, client, auth, tmp_path: Path
):
    sim = simulate(
        SimulationConfig(
            seed=3,
            la_codes=("801",),
            schools_per_la=3,
            cohort_range=(80, 100),
            offrolling_schools=1,
        )
    )
    kinds = {m["type"] for m in sim.movements}
    assert {"permanent_exclusion", "suspension", "roll_deletion"} <= kinds
    write(sim, tmp_path)
    first = import_simulation(container, tmp_path)
    # Every generated movement is lawful: suspensions fall while the pupil is on
    # roll, and a deletion on 9(1)(o) follows its recorded exclusion.
    assert set(first) == {"recorded"} and first["recorded"] == len(sim.movements)
    (tmp_path / "import.progress").unlink()  # as if the progress file were lost
    again = import_simulation(container, tmp_path)
    assert again["replayed"] == first["recorded"] and "recorded" not in again
    container.follower.catch_up()
    urn = next(iter(sim.injected))
    report = client.get(
        f"/v1/schools/{urn}/census-spike",
        params={"academic_year": "2025-26"},
        headers=auth("admin"),
    ).json()
    exits = sum(
        r["exits_before_census"] + r["exits_after_census"]
        for r in report["year_groups"]
    )
    decisions = ("suspension", "permanent_exclusion")  # the pupil stays on roll
    expected = sum(
        1 for m in sim.movements if m["from_urn"] == urn and m["type"] not in decisions
    )
    assert exits == expected
    assert report["year_groups"][0]["cohort"] is not None
