"""Casework: every movement that needs the LA opens a case with deadlines in school
days. One module per case type; `opening` says which facts open or move which case."""

from __future__ import annotations

from events.cases import (
    children_not_in_school,
    exclusion_review,
    fair_access,
    home_education,
    identity_conflict,
    managed_move,
    missing_education,
    off_site_direction,
    part_time_arrangement,
    rights_request,
    section19,
    separation_education,
    sixth_day,
    suspected_off_rolling,
    suspension_review,
    suspension_sixth_day,
)
from events.cases.definition import CaseType

CASE_TYPES: dict[str, CaseType] = {
    module.CASE_TYPE.name: module.CASE_TYPE
    for module in (
        exclusion_review,
        sixth_day,
        suspension_sixth_day,
        suspension_review,
        separation_education,
        part_time_arrangement,
        managed_move,
        off_site_direction,
        fair_access,
        section19,
        home_education,
        missing_education,
        suspected_off_rolling,
        rights_request,
        identity_conflict,
        children_not_in_school,
    )
}
