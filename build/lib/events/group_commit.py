"""Group commit: many commands' events saved in one transaction, each still durable.

PostgreSQL's ceiling for one transaction per request is the WAL flush, and the event
store adds an exclusive table lock per write. A single writer thread takes whatever
commands queued while the previous commit was in flight and saves them together;
each caller is answered only after that commit, so a 201 still means durable.
Commands for the same child never share a batch (the later one waits a round), and
a batch refused for a conflict is split in halves to find the conflicting command,
whose caller then retries from a fresh load as usual.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

from eventsourcing.persistence import IntegrityError

Save = Callable[..., list[Any]]


class _Submission:
    def __init__(self, events: Sequence[Any], side_writes: Sequence[object]) -> None:
        self.events = list(events)
        self.side_writes = list(side_writes)
        self.future: Future[list[Any]] = Future()

    @property
    def originators(self) -> set[Any]:
        return {e.originator_id for e in self.events}


class GroupCommit:
    """Batches concurrent saves into one transaction on a dedicated writer thread."""

    def __init__(self, save: Save, max_batch: int = 500) -> None:
        self._save = save
        self.max_batch = max_batch
        self._queue: queue.Queue[_Submission | None] = queue.Queue()
        self._deferred: list[_Submission] = []
        self._thread = threading.Thread(
            target=self._run, name="group-commit", daemon=True
        )
        self._thread.start()
        self.batches = 0
        self.saved_events = 0

    def submit(
        self,
        events: Sequence[Any],
        side_writes: Sequence[object] = (),
        timeout: float = 60,
    ) -> list[Any]:
        """Save one command's events (with the rows written in their transaction);
        return their recordings once durable."""
        submission = _Submission(events, side_writes)
        self._queue.put(submission)
        return submission.future.result(timeout=timeout)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            first = self._deferred.pop(0) if self._deferred else self._queue.get()
            if first is None:
                return
            batch = self._gather(first)
            self._commit(batch)

    def _gather(self, first: _Submission) -> list[_Submission]:
        """Everything waiting now, one command per child; the rest wait a round."""
        batch, seen = [first], set(first.originators)
        pending = self._deferred
        self._deferred = []
        while len(batch) < self.max_batch:
            if pending:
                item: _Submission | None = pending.pop(0)
            else:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if item is None:
                self._queue.put(None)  # stop after this batch
                break
            if seen & item.originators:
                self._deferred.append(item)
                continue
            seen |= item.originators
            batch.append(item)
        self._deferred.extend(pending)
        return batch

    def _commit(self, batch: list[_Submission]) -> None:
        try:
            recordings = self._save(
                *[e for s in batch for e in s.events],
                side_writes=[w for s in batch for w in s.side_writes],
            )
        except IntegrityError as conflict:
            if len(batch) == 1:
                batch[0].future.set_exception(conflict)
                return
            middle = len(batch) // 2
            self._commit(batch[:middle])
            self._commit(batch[middle:])
            return
        except Exception as error:  # the store is down: every caller hears of it
            for submission in batch:
                submission.future.set_exception(error)
            return
        self.batches += 1
        self.saved_events += len(recordings)
        self._answer(batch, recordings)

    @staticmethod
    def _answer(batch: list[_Submission], recordings: list[Any]) -> None:
        by_event = {
            (r.domain_event.originator_id, r.domain_event.originator_version): r
            for r in recordings
        }
        for submission in batch:
            submission.future.set_result(
                [
                    by_event[(e.originator_id, e.originator_version)]
                    for e in submission.events
                ]
            )
