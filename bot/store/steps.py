"""A conversation step's commit: the organisation's transaction, then the user's.

On a Redis Cluster a transaction (MULTI or script) may touch one hash slot only, and a step
writes to two: the organisation's (``ita:{org}:...``: reports, people, audit) and the
user's (``ita:user:{line:U1}:...``: the conversation state, the identity). So handlers
queue their writes on a pipeline that only records, and the commit replays them per slot:

1. the organisation's writes, in one script that first looks for the step's mark
   ``ita:{org}:step:<platform>:<event>`` (derived from the webhook event). Found: the
   organisation's half was committed before a crash, so nothing is written again and the
   rest of the commit is taken from the mark (what the first run decided). Not found: the
   writes and the mark (holding the rest) go in together.
2. writes of any other slot (another user's identity, a sign-in token), one MULTI each;
3. the user's half in one MULTI: the new state, the lock's release and the user's mark
   ``ita:user:{...}:step:<event>`` that makes a later delivery of the event a no-op.

A crash between 1 and 3 leaves the event unacknowledged; its redelivery replays 2 and 3
from the mark: nothing lost, nothing doubled. Messages without an event id (the simulator,
the terminal chat) are never redelivered and commit the same way without marks.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import redis
from redis.crc import key_slot

from bot.store import keys as k

MARK_SECONDS = 24 * 3600  # as long as the event's "done" mark: no redelivery comes later

Command = list[Any]  # a Redis command: its name then its arguments

# KEYS[1] the step's mark, or "" (no event: no mark); KEYS[2..] the keys written.
# ARGV[1] the mark's value, ARGV[2] its TTL, then each command as its length and its words.
_APPLY = """
if KEYS[1] ~= '' then
  local done = redis.call('GET', KEYS[1])
  if done then return done end
end
local i = 3
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  redis.call(unpack(ARGV, i + 1, i + n))
  i = i + n + 1
end
if KEYS[1] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return false
"""

# Commands whose every argument after the name is a key (split per slot when they stray).
_ALL_KEYS = {"DEL", "UNLINK", "EXISTS", "TOUCH"}


def recorder() -> redis.client.Pipeline:
    """Return a pipeline that only records the commands queued on it (it never connects)."""
    return redis.Redis().pipeline(transaction=True)


def recorded(pipe: redis.client.Pipeline) -> list[Command]:
    """Return the commands queued on a recorder, in order."""
    return [list(args) for args, _options in pipe.command_stack]


def command_keys(command: Command) -> list[Any]:
    """Return the keys a command touches (none for PUBLISH and keyless commands)."""
    name = str(command[0]).upper()
    if name in {"EVAL", "EVALSHA"}:
        return list(command[3 : 3 + int(command[2])])
    if name in _ALL_KEYS:
        return list(command[1:])
    if name == "PUBLISH" or len(command) < 2:
        return []
    return [command[1]]


def by_slot(commands: Sequence[Command]) -> dict[int | None, list[Command]]:
    """Group commands by the slot of their keys, in order (None: keyless commands)."""
    groups: dict[int | None, list[Command]] = {}
    for command in commands:
        found = command_keys(command)
        slots = {key_slot(_as_bytes(key)) for key in found}
        if len(slots) <= 1:
            groups.setdefault(slots.pop() if slots else None, []).append(command)
            continue
        for key in found:  # a DEL over several slots: one DEL per key
            groups.setdefault(key_slot(_as_bytes(key)), []).append([command[0], key])
    return groups


def _as_bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def dump_commands(groups: Sequence[Sequence[Command]]) -> str:
    """Serialise groups of commands (bytes arguments kept exact) for a step's mark."""

    def word(value: Any) -> Any:
        if isinstance(value, bytes):
            return [base64.b64encode(value).decode()]
        return value

    return json.dumps([[[word(w) for w in c] for c in g] for g in groups], ensure_ascii=False)


def load_commands(raw: bytes | str) -> list[list[Command]]:
    """Read back what dump_commands wrote."""

    def word(value: Any) -> Any:
        return base64.b64decode(value[0]) if isinstance(value, list) else value

    return [[[word(w) for w in c] for c in g] for g in json.loads(raw)]


@dataclass
class StepCommit:
    """One step's writes, split into the organisation's, the user's and any other slot's."""

    org_id: str | None  # whose slot takes the first transaction (None: a stranger's step)
    platform: str
    user: str
    event_id: str
    writes: list[Command] = field(default_factory=list)  # the handlers' writes
    state: list[Command] = field(default_factory=list)  # the conversation state's writes
    replayed: bool = False  # the organisation's half was found committed by an earlier run

    def run(self, client: redis.Redis, release: Command) -> None:
        """Commit: the organisation's script, other slots, then the user's MULTI with release."""
        user_slot = key_slot(
            k.STEP_USER.format(platform=self.platform, user=self.user, event="x").encode()
        )
        groups = by_slot(self.writes)
        org_slot = self._org_slot(groups)
        org_writes = groups.pop(org_slot, []) if org_slot is not None else []
        keyless = groups.pop(None, [])  # PUBLISH: a cluster MULTI refuses it; sent last
        user_writes = groups.pop(user_slot, []) + self.state
        rest = [*groups.values(), user_writes, keyless]
        if org_slot is not None:
            kept = self._apply_org(client, org_writes, rest)
            if kept is not None:
                self.replayed = True
                rest = load_commands(kept)
        *others, user_writes, keyless = rest
        for group in others:
            transaction(client, group)
        if self.event_id:
            mark = k.STEP_USER.format(platform=self.platform, user=self.user, event=self.event_id)
            user_writes = [*user_writes, ["SET", mark, "1", "EX", MARK_SECONDS]]
        transaction(client, [*user_writes, release])
        if self.event_id and self.org_id is not None:
            # The user's mark now answers a redelivery; the organisation's mark holds a copy
            # of the state, so it goes (a crash before this only leaves it to expire).
            org_mark = k.org_key(
                k.STEP_ORG, self.org_id, platform=self.platform, event=self.event_id
            )
            client.delete(org_mark)
        for command in keyless:
            client.execute_command(*command)

    def _org_slot(self, groups: dict[int | None, list[Command]]) -> int | None:
        if self.org_id is not None:
            return key_slot(k.org_key(k.ORG, self.org_id).encode())
        return next((slot for slot in groups if slot is not None), None)

    def _apply_org(
        self, client: redis.Redis, writes: list[Command], rest: list[list[Command]]
    ) -> bytes | None:
        """Run the organisation's writes once per event; return the kept rest if done before."""
        mark = ""
        if self.event_id and self.org_id is not None:
            mark = k.org_key(k.STEP_ORG, self.org_id, platform=self.platform, event=self.event_id)
        elif not writes:
            return None
        if not mark:
            transaction(client, writes)
            return None
        keys = [mark, *(key for command in writes for key in command_keys(command))]
        words: list[Any] = [dump_commands(rest), MARK_SECONDS]
        for command in writes:
            words += [len(command), *command]
        kept = client.eval(_APPLY, len(keys), *keys, *words)
        return kept if kept else None


def transaction(client: redis.Redis, commands: Sequence[Command]) -> None:
    """Run commands of one slot in one MULTI."""
    if not commands:
        return
    with client.pipeline(transaction=True) as pipe:
        for command in commands:
            pipe.execute_command(*command)
        pipe.execute()
