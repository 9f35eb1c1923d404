"""Every Redis key the bot uses, as named templates in one place.

All keys start with ``ita:``. Keys that belong to one organisation carry its id in braces
right after the prefix (``ita:{demo}:measures``): the braces are a Redis Cluster hash tag,
so every key of one organisation lives in one slot and a MULTI or script over them works on
a cluster as on one server. In the templates the tag is written ``{{{org}}}`` (literal
braces around the ``org`` field of ``str.format``). Keys of one chat user are tagged by the
user (``ita:user:{line:U123}:conv``); structures shared by every organisation are tagged by
what they serve (``ita:{reminders}:planned``). One organisation's data is found (or
removed) with ``SCAN MATCH ita:{demo}:*``, never ``KEYS``. See docs/redis-keys.md.
"""

from __future__ import annotations

PREFIX = "ita:"
# Hash tags of structures shared by every organisation: in fixed keys (used as they are,
# never formatted) they are written with single braces.
SHARED_TAGS = ("{reminders}", "{clock}", "{provinces}")

# --- organisations ---
ORGS = PREFIX + "orgs"  # SET of organisation ids
ORG = PREFIX + "{{{org}}}:org"  # STRING JSON Organisation
# --- provinces (bot/province) ---
# Tagged together ({provinces}): an organisation moves between two provinces in one MULTI.
PROVINCES = PREFIX + "{provinces}:names"  # SET of province names that have an organisation
PROVINCE_ORGS = PREFIX + "{{provinces}}:{province}:orgs"  # SET of the province's organisation ids
# A provincial viewer is kept under their province's scope "province:{province}" as if it were
# an organisation id (bot/domain/province.py): PEOPLE, PERSON_SESSIONS and invites work unchanged.

# --- measures ---
MEASURES = PREFIX + "{{{org}}}:measures"  # HASH measure id -> JSON Measure
MEASURE_SEQ = PREFIX + "{{{org}}}:measures:seq"  # STRING counter for short numbers
MEASURES_BY_NUMBER = PREFIX + "{{{org}}}:measures:by_number"  # ZSET id, score = number
MEASURES_BY_END = PREFIX + "{{{org}}}:measures:by_end"  # ZSET id, score = end date ordinal
MEASURES_BY_DIVISION = PREFIX + "{{{org}}}:division:{division}:measures"  # ZSET id, score = number
MEASURE_KEYS = PREFIX + "{{{org}}}:measures:natural"  # HASH import key -> measure id
# HASH measure id -> JSON Measure: archived measures, out of every index above (their reports
# stay under their id), back in MEASURES when restored.
MEASURES_ARCHIVED = PREFIX + "{{{org}}}:measures:archived"
# LIST of JSON {at, actor, ids, measures}: the plan before each save (its measure ids, and the
# measures the save changed as they were), newest first, 5 kept; ย้อนแผน pops one.
PLAN_VERSIONS = PREFIX + "{{{org}}}:plan:versions"

# --- reports (append-only) ---
REPORTS = PREFIX + "{{{org}}}:reports:{measure}"  # LIST of JSON Report, oldest first
LATEST_REPORT = PREFIX + "{{{org}}}:reports:latest"  # HASH measure id -> JSON latest Report
REPORTS_BY_TIME = PREFIX + "{{{org}}}:reports:by_time"  # ZSET "measure/report" by epoch seconds

# --- monthly summaries (bot/summary) ---
# STRING JSON summary of a month as of its end, SET NX: frozen once, never changed, so the
# comparison with last month stays true after late reports arrive. month = "2023-03".
SUMMARY = PREFIX + "{{{org}}}:summary:{month}"
# HASH person id -> ISO time of the first acknowledgement (HSETNX: once per person).
SUMMARY_ACKS = PREFIX + "{{{org}}}:summary:{month}:acks"

# --- memos (bot/memo) ---
# STRING JSON Memo of one period ("six_month-2570", "year_end-2570", "month-2027-03"): its
# chain, the current version's acknowledgements and earlier versions; changed under WATCH.
MEMO = PREFIX + "{{{org}}}:memo:{memo}"
MEMOS = PREFIX + "{{{org}}}:memos"  # ZSET memo id -> creation time (epoch seconds): the index
MEMO_CHAIN = PREFIX + "{{{org}}}:memo:chain"  # STRING JSON [ChainStep]: the steps in order
MEMO_SETTINGS = PREFIX + "{{{org}}}:memo:settings"  # STRING JSON MemoSettings: header, prefix
MEMO_SEQ = PREFIX + "{{{org}}}:memo:seq:{fiscal_year}"  # STRING last running number of the year
MEMO_SIGNATURE = PREFIX + "{{{org}}}:signature:{person}"  # STRING raw PNG bytes (<= 200 KB)

# --- people ---
PEOPLE = PREFIX + "{{{org}}}:people"  # HASH person id -> JSON Person
IDENTITY = (
    PREFIX + "user:{{{platform}:{user}}}:identity"
)  # STRING JSON copy of the Person it belongs to


def org_key(template: str, org: str, **parts: object) -> str:
    """Fill a key template for one organisation (its id becomes the key's hash tag)."""
    return template.format(org=org, **parts)


def org_pattern(org: str) -> str:
    """Return the SCAN pattern of every key of one organisation."""
    return org_key(PREFIX + "{{{org}}}:*", org)


# --- joining ---
INVITE = PREFIX + "invite:{code}"  # HASH org, role, division, person, uses_left, expires_at

# --- conversations ---
CONVERSATION = PREFIX + "user:{{{platform}:{user}}}:conv"  # STRING JSON state, expires when idle
CONVERSATION_LOCK = (
    PREFIX + "user:{{{platform}:{user}}}:conv:lock"
)  # STRING token while a step runs
# STRING step name, 1 day: outlives the state, so the next message can say the step timed out.
CONVERSATION_WAS = PREFIX + "user:{{{platform}:{user}}}:conv:was"
# STRING JSON of what a step left for the user's slot (state, identities, ...), EX 1 day: the
# organisation's half of a step's commit, taken once per webhook event (bot/store/steps.py).
STEP_ORG = PREFIX + "{{{org}}}:step:{platform}:{event}"
# STRING "1", EX 1 day: the user's half of that commit is done; a redelivery changes nothing.
STEP_USER = PREFIX + "user:{{{platform}:{user}}}:step:{event}"
LAST_REPORT = PREFIX + "{{{org}}}:person:{person}:last_report"  # STRING JSON of their last Report

# --- evidence ---
EVIDENCE = PREFIX + "{{{org}}}:evidence:{evidence}"  # HASH sha256, name, mime, size, state
# SET of evidence ids refused after download (wrong type, too big, a ZIP bomb): they count
# nowhere (summaries read it with the reports).
EVIDENCE_REJECTED = PREFIX + "{{{org}}}:evidence:rejected"
# ZSET "org/evidence" -> time queued: files not fetched yet; a sweep retries the stale ones.
EVIDENCE_PENDING = PREFIX + "evidence:pending"

# --- platforms (bot/platforms, bot/web/webhooks.py) ---
# STRING "1", 24 h TTL, SET NX: a webhook event already taken (LINE webhookEventId, Telegram
# update_id); both platforms redeliver, and each event must be handled once.
DEDUPE = PREFIX + "dedupe:{platform}:{event}"
# STRING JSON, 30-day TTL: a button payload too long for the platform (LINE postback data
# 300 chars, Telegram callback_data 64 bytes) or the next page of LINE quick replies.
PAYLOAD = PREFIX + "payload:{key}"
# HASH page key ("staff", "secretary-1", ...) -> JSON {id, digest, alias}: the LINE rich menus
# installed by `python -m bot line rich-menus`, so a second install keeps what did not change.
LINE_RICH_MENUS = PREFIX + "line:richmenus"
# The same, for an organisation's own LINE channel: rich menu ids belong to one channel.
CHANNEL_RICH_MENUS = PREFIX + "line:richmenus:{channel}"

# --- channels (bot/store/channels.py): an organisation's own LINE OA or Telegram bot ---
# STRING JSON Channel (secret and token sealed with a key derived from BOT_SECRET_KEY): the one
# GET that routes /webhooks/{platform}/{channel}; each process caches it by its bytes.
CHANNEL = PREFIX + "{{channels}}:{channel}"
# SET of the organisation's channel ids. Every channel key shares the {channels} slot: a
# channel's record, its bot's index and its organisation's set change in one MULTI.
ORG_CHANNELS = PREFIX + "{{channels}}:org:{org}"
# STRING channel id of a LINE bot user id (webhooks' "destination") or a Telegram bot id:
# one bot serves one organisation.
CHANNEL_BY_BOT = PREFIX + "{{channels}}:bot:{platform}:{bot}"
# SET of the ids of every channel on a platform, of every organisation: the daily LINE quota
# check goes over each LINE channel with it (no SCAN); changed in the MULTI of the record.
PLATFORM_CHANNELS = PREFIX + "{{channels}}:platform:{platform}"

# --- reminders (bot/reminders) ---
REMINDER_POLICY = (
    PREFIX + "{{{org}}}:reminders:policy"
)  # STRING JSON ReminderPolicy; none = defaults
HOLIDAYS = (
    PREFIX + "{{{org}}}:holidays"
)  # HASH ISO date -> name: days off besides Thai public holidays
ABSENCE = (
    PREFIX + "{{{org}}}:absence"
)  # HASH person id -> ISO date: reminders paused through that day
# HASH person id -> JSON {quiet_through, day, items}: a reminder snoozed to the next working day
SNOOZE = PREFIX + "{{{org}}}:reminders:snooze"

# --- simulator ---
SIM_OUTBOX = PREFIX + "sim:{{{user}}}:outbox"  # LIST of JSON replies pushed to a simulator persona
SIM_CHANNEL = PREFIX + "sim:pushed:{user}"  # pub/sub channel: a push arrived for the persona
SIM_PUSHED = PREFIX + "sim:{{{user}}}:count"  # STRING pushes ever queued for the persona (INCR)
SIM_SEEN = PREFIX + "sim:{{{user}}}:seen"  # STRING how many of them a page has shown

# --- reminder delivery (all organisations) ---
PLANNED = PREFIX + "{reminders}:planned"  # ZSET message id -> send time (epoch seconds)
PLANNED_DATA = PREFIX + "{reminders}:planned:data"  # HASH message id -> JSON planned message
# SET of organisation ids whose reminders must be planned again: anything that shapes them
# (plan, reports, people, policy, holidays, absences) adds the organisation with its write.
REPLAN = PREFIX + "{reminders}:replan"
# STRING the Bangkok date of the last daily pass that planned every organisation.
PLANNED_DAY = PREFIX + "{reminders}:planned_day"
CLAIMED = PREFIX + "{reminders}:claimed"  # ZSET message id -> claim time, until it is enqueued
# ZSET message id -> time handed to the outbox, until delivered: a sweep hands again what the
# outbox lost (a Redis outage while a worker held it), so no planned message is orphaned.
ENQUEUED = PREFIX + "{reminders}:enqueued"
# STRING token, 2 min: one worker delivers a message at a time (a swept copy waits).
SENDING = PREFIX + "reminders:sending:{message}"
# HASH "person|measure|kind" -> outcome ("sent", "deferred", "queued"), one per organisation
# and day (or month, for summaries), expiring 400 days after its last entry; HSETNX only.
LEDGER = PREFIX + "{{{org}}}:ledger:{day}"
MISSED = (
    PREFIX + "user:{{{platform}:{user}}}:missed"
)  # LIST of reminder texts for the next free reply
CLOCK_LEASE = PREFIX + "{clock}:lease"  # STRING token of the clock allowed to tick
CLOCK_FENCE = PREFIX + "{clock}:lease:fence"  # STRING counter: each new lease holder's number
CLOCK_HEARTBEAT = PREFIX + "{clock}:heartbeat"  # STRING ISO time of the last tick (for /readyz)
READY_PROBE = PREFIX + "ready:{host}"  # STRING, 10 s: /readyz's keyed write and read
# The deployment's default LINE channel (from the environment) keeps the keys it always had,
# so a running deployment keeps its quota, warnings and exhaustion mark.
LINE_QUOTA = PREFIX + "line:quota"  # HASH limit, used, checked_at, warned:<month> (default)
LINE_QUOTA_EXHAUSTED = PREFIX + "line:quota:exhausted"  # STRING set until month end after a 429
# An organisation's own LINE channel (bot/store/channels.py) has a quota of its own at LINE.
CHANNEL_LINE_QUOTA = PREFIX + "line:{{{channel}}}:quota"  # HASH as LINE_QUOTA, one channel
# STRING the id of the organisation's own LINE channel whose pushes are stopped, until month
# end after a 429. Kept under the organisation (it has one LINE channel), so a delivery reads
# it with the person in the same round trip, before knowing which channel reaches them.
ORG_LINE_EXHAUSTED = PREFIX + "{{{org}}}:line:exhausted"
# Telegram's limits are per bot: two bots never share a budget, two processes of one bot do.
# bot = the id before the token's ':' (the bot's own id), else its channel id.
TG_CHAT_SLOT = PREFIX + "tg:{bot}:slot:{chat}"  # STRING, 1 s: one message per second per chat
TG_GLOBAL_SLOT = PREFIX + "tg:{bot}:rate:{second}"  # STRING counter per second: 30 per bot

# --- plan files sent in chat ---
# STRING JSON PlanPreview (measures read, edits, replace/add), EX 1 h; deleted by the save.
PLAN_PREVIEW = PREFIX + "{{{org}}}:plan:preview:{token}"

# --- audit ---
AUDIT = PREFIX + "{{{org}}}:audit"  # STREAM of changes: who, when, action, target, before/after

# --- web dashboard (bot/web/signin.py) ---
# STRING JSON {org, person}, EX 600: a one-time sign-in link sent in chat; GETDEL takes it.
SIGNIN = PREFIX + "signin:{token}"
# STRING JSON {org, person, at}, EX 12 h: a signed-in browser; the cookie carries only its id.
SESSION = PREFIX + "session:{sid}"
# SET of session ids of one person, EX 12 h: so removing access signs every browser out.
PERSON_SESSIONS = PREFIX + "{{{org}}}:person:{person}:sessions"
