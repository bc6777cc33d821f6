"""Which waiting import item to fetch next: many hosts at once, each within its limit.

Items wait in one queue per host, taken in turn, so that ten thousand links of one
site never hold up the others; at most ``per_host`` of a host run at once (the
fetcher's own ``FetchLimits.per_host``, which would otherwise keep a thread waiting
for the host's turn). An item to try again later waits in a heap until its time; a
host that asked to wait (``Retry-After``) is held until then, all of its items.
Used by one thread (the import job's); not thread-safe.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from urllib.parse import urlsplit

from newsreader.library.import_jobs import WaitingItem


def host_of(item: WaitingItem) -> str:
    try:
        return urlsplit(item.url).hostname or ""
    except ValueError:
        return ""


class Schedule:
    def __init__(self, items: list[WaitingItem], per_host: int, now: float) -> None:
        self.per_host = max(1, per_host)
        self._queues: dict[str, deque[WaitingItem]] = {}
        self._turns: deque[str] = deque()  # hosts with queued items, in turn
        self._later: list[tuple[float, int, WaitingItem]] = []
        self._busy: Counter[str] = Counter()
        self._held: dict[str, float] = {}
        # Items with the export's copy first: they need no page, only their images.
        for item in sorted(items, key=lambda i: (not i.has_content, i.seq)):
            self.add(item, now)

    def add(self, item: WaitingItem, now: float) -> None:
        if item.not_before > now:
            heapq.heappush(self._later, (item.not_before, item.seq, item))
            return
        host = host_of(item)
        if host not in self._queues:
            self._queues[host] = deque()
        if not self._queues[host]:
            self._turns.append(host)
        self._queues[host].append(item)

    def hold(self, host: str, until: float) -> None:
        """No item of ``host`` starts before ``until`` (Unix time)."""
        self._held[host] = max(self._held.get(host, 0.0), until)

    def take(self, now: float) -> WaitingItem | None:
        """The next item that may start now, or None."""
        while self._later and self._later[0][0] <= now:
            self.add(heapq.heappop(self._later)[2], now)
        for _ in range(len(self._turns)):
            host = self._turns[0]
            self._turns.rotate(-1)
            if self._busy[host] >= self.per_host or self._held.get(host, 0.0) > now:
                continue
            queue = self._queues[host]
            item = queue.popleft()
            if not queue:
                self._turns.remove(host)
            self._busy[host] += 1
            return item
        return None

    def done(self, item: WaitingItem) -> None:
        self._busy[host_of(item)] -= 1

    def seconds_to_next(self, now: float) -> float | None:
        """How long until a waiting or held item may start; None when none waits."""
        times = [when for when, _, _ in self._later[:1]]
        times += [self._held.get(host, 0.0) for host in self._turns]
        return max(0.0, min(times) - now) if times else None

    def __len__(self) -> int:
        return sum(len(queue) for queue in self._queues.values()) + len(self._later)
