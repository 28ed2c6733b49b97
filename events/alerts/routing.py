"""Who an alert goes to: the DSLs of the child's current and previous schools, the
LAs of those schools and of where the child lives, and the virtual school head for
looked-after and previously looked-after children (Keeping children safe in
education 2025; Children and Families Act 2014 s100 for virtual school heads).

Recipients are keys a token's scope maps to: `school:URN` (a DSL scoped to the
school), `la:LA` (the LA and a DSL scoped to it), `vsh:LA`.
"""

from __future__ import annotations

from events.alerts.signal import ChildView, Signal

CARE_FLAGS = ("looked_after", "previously_looked_after")


def recipients(view: ChildView, signal: Signal) -> list[str]:
    """The recipient keys of one signal, each once, schools first."""
    named = [m for m in view.movements if m.movement_id in signal.evidence]
    urns = [u for m in named for u in (m.to_urn, m.from_urn) if u]
    las = [la for m in named for la in (m.to_la, m.from_la) if la]
    if view.home_la:
        las.append(view.home_la)
    keys = [f"school:{u}" for u in urns] + [f"la:{la}" for la in las]
    # Care status is a fact about the child, not about one movement: a deletion
    # that leaves the flag off still reaches the virtual school head.
    on_record = view.on_record()
    if any(
        m.characteristics.get(f) or on_record.get(f) for m in named for f in CARE_FLAGS
    ):
        keys += [f"vsh:{la}" for la in las]
    return list(dict.fromkeys(keys))
