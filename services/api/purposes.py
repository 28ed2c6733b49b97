"""The purpose each route serves (events.processing_limits.PURPOSES), declared once.

A test enumerates every route of the app: a route without a purpose here fails the
build, and every route whose purpose does not continue for a child with a
restriction or objection in force is shown to leave such children out. The purpose
is published in OpenAPI as `x-purpose` on each operation.
"""

from __future__ import annotations

from typing import Any

from events.processing_limits import PURPOSES

ROUTE_PURPOSES: dict[str, str] = {
    # The register itself: statutory notifications, their corrections and steps.
    **dict.fromkeys(
        ("record_movement", "record_movements_batch", "check_movement",
         "correct_movement", "withdraw_movement", "record_step"),
        "statutory_return",
    ),
    # LA and school casework on a child's movement.
    **dict.fromkeys(
        ("lookup_pupil", "pupil_history", "la_findings", "la_queue", "la_returns",
         "open_case", "get_case", "transition_case", "assign_case", "school_cases",
         "put_term_dates", "put_school_term_dates", "school_census_spike",
         "school_census_spike_chart", "la_census_spikes", "children_not_in_school",
         "put_cnis_information", "cnis_information"),
        "casework",
    ),
    # Alerts to the statutory safeguarding recipients (their webhooks included).
    **dict.fromkeys(
        ("list_alerts", "get_alert", "acknowledge_alert", "snooze_alert",
         "resolve_alert", "register_webhook", "list_webhooks", "webhook_deliveries",
         "rotate_webhook_secret", "redeliver_webhook", "delete_webhook"),
        "safeguarding",
    ),
    **dict.fromkeys(
        ("census_exit_statistics", "census_exit_statistics_csv",
         "census_exit_statistics_metadata", "movement_statistics",
         "movement_statistics_csv", "movement_statistics_metadata",
         "create_statistics_release", "list_statistics_releases",
         "statistics_release_file"),
        "official_statistics",
    ),
    "research_extract": "research_extract",
    **dict.fromkeys(
        ("approve_research_project", "list_research_projects"), "operations"
    ),
    **dict.fromkeys(
        ("my_record", "my_access_log", "my_export", "pupil_access_log",
         "make_rights_request"),
        "subject_access",
    ),
    **dict.fromkeys(
        ("healthz", "readyz", "metrics", "upsert_school", "get_school",
         "upsert_provider", "get_provider", "put_census", "erase_pupil",
         "limit_processing", "lift_processing_limit", "list_purposes"),
        "operations",
    ),
}  # fmt: skip


def install(schema: dict[str, Any]) -> dict[str, Any]:
    """Mark each operation in an OpenAPI document with its purpose."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            purpose = PURPOSES[ROUTE_PURPOSES[operation["operationId"]]]
            operation["x-purpose"] = {
                "code": purpose.code,
                "lawful_basis": purpose.lawful_basis,
                "continues_when_limited": purpose.continues_when_limited,
            }
    return schema
