/**
 * The Lua scripts that make the shared decisions atomic in Redis. Every script takes
 * ARGV[1] = key prefix; the write scripts also ARGV[2] = the stream id the replica has applied
 * up to and ARGV[3] = how many changes may pass between snapshots, and answer
 * `{status, value, compact, snapshotCovers, snapshotEpoch, snapshotBody, entries}`: the entries are
 * the log after ARGV[2] up to and including their own, so a write and the catch-up to it are one
 * round trip; the snapshot's body is '' unless the log was trimmed past ARGV[2].
 *
 * Keys (after the prefix): `flags`, `replicas`, `id` (the auto-increment), `epoch` (reseeds so
 * far), `log` (the stream of changes: images, reseeds, accounts' settings), `deleted` (ids deleted since the seed), `quota:<user>:<month>`
 * and `quota-keys`, `changes` (writes so far), `snapshot` (hash: covers, epoch, n, size, body, trimmed),
 * `compacting` (who takes the next snapshot), `rate:<epoch>:<client>`.
 * The keys are built inside the scripts, so this needs one Redis server, not Redis Cluster.
 */

const PRELUDE = `
local prefix = ARGV[1]
local from = ARGV[2]
local every = tonumber(ARGV[3])

local function after(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am > bm or (am == bm and as > bs)
end

local function finish(status, value, changed)
  local compact = 0
  if changed then
    local n = redis.call('INCR', prefix .. 'changes')
    local last = redis.call('HMGET', prefix .. 'snapshot', 'n', 'size')
    local due = math.max(every, tonumber(last[2] or '0'))
    if n - tonumber(last[1] or '0') >= due and redis.call('SET', prefix .. 'compacting', '1', 'NX', 'PX', 60000) then
      compact = 1
    end
  end
  local snapshot = redis.call('HMGET', prefix .. 'snapshot', 'covers', 'epoch', 'trimmed')
  local covers, epoch, trimmed, body = snapshot[1], snapshot[2], snapshot[3], false
  if covers and after(covers, from) then
    -- Only when the log may no longer hold every entry after from (it was trimmed past it): a
    -- replica that can catch up from the log keeps its images (loading replaces every one).
    -- A snapshot without 'trimmed' (an older version's): whenever the log starts after from.
    if not trimmed then
      local first = redis.call('XRANGE', prefix .. 'log', '-', '+', 'COUNT', 1)[1]
      trimmed = first and first[1] or covers
    end
    if after(trimmed, from) then body = redis.call('HGET', prefix .. 'snapshot', 'body') end
  end
  local entries = redis.call('XRANGE', prefix .. 'log', '(' .. from, '+')
  return {status, value, compact, covers or '', epoch or '', body or '', entries}
end

local function currentEpoch()
  return redis.call('GET', prefix .. 'epoch') or '0'
end
`;

/** Reads the log after ARGV[2] (and the snapshot, when the log was trimmed past ARGV[2]). */
const READ = `${PRELUDE}
return finish('ok', '', false)
`;

/**
 * ARGV[4] user, ARGV[5] UTC month (2026-11), ARGV[6] quota ('' = unlimited), ARGV[7] the replica's
 * auto-increment (ids stay above every id it knows), ARGV[8] the change without the id, ARGV[9] the
 * epoch the replica is in. 'stale' when the state was reseeded since: the replica applies the
 * entries of the answer and tries again (its auto-increment and the quota belong to the old seed).
 */
const CREATE = `${PRELUDE}
local epoch = redis.call('GET', prefix .. 'epoch')
if epoch and epoch ~= ARGV[9] then
  return finish('stale', '', false)
end
local quotaKey = prefix .. 'quota:' .. ARGV[4] .. ':' .. ARGV[5]
if ARGV[6] ~= '' and tonumber(redis.call('GET', quotaKey) or '0') >= tonumber(ARGV[6]) then
  return finish('quota-reached', '', false)
end
redis.call('INCR', quotaKey)
redis.call('SADD', prefix .. 'quota-keys', quotaKey)
local id = math.max(tonumber(redis.call('GET', prefix .. 'id') or '0'), tonumber(ARGV[7])) + 1
local idText = string.format('%d', id)
redis.call('SET', prefix .. 'id', idText)
redis.call('XADD', prefix .. 'log', '*', 'c', ARGV[8], 'i', idText, 'e', currentEpoch())
return finish('ok', idText, true)
`;

/**
 * ARGV[4] the epoch the replica looked the image up in, ARGV[5] id, ARGV[6] the change.
 * 'gone' when the image was deleted, or the state reseeded, since.
 */
const UPDATE = `${PRELUDE}
local epoch = redis.call('GET', prefix .. 'epoch')
if (epoch and epoch ~= ARGV[4]) or redis.call('SISMEMBER', prefix .. 'deleted', ARGV[5]) == 1 then
  return finish('gone', '', false)
end
redis.call('XADD', prefix .. 'log', '*', 'c', ARGV[6], 'e', currentEpoch())
return finish('ok', '', true)
`;

/** As UPDATE; of two deletes (or a delete and an update) of one image, the first one wins. */
const DELETE = `${PRELUDE}
local epoch = redis.call('GET', prefix .. 'epoch')
if (epoch and epoch ~= ARGV[4]) or redis.call('SADD', prefix .. 'deleted', ARGV[5]) == 0 then
  return finish('gone', '', false)
end
redis.call('XADD', prefix .. 'log', '*', 'c', ARGV[6], 'e', currentEpoch())
return finish('ok', '', true)
`;

/**
 * ARGV[4] user, ARGV[5] UTC month, ARGV[6] `{"locale"?: string|null, "remaining"?: number|null}`,
 * ARGV[7] the epoch the replica is in. "May still create N this month" becomes that month's
 * allowance (`monthQuota`) here, from the month's count in Redis, so a create on another replica cannot slip
 * between reading the count and the change. 'stale' as for CREATE.
 */
const ACCOUNT = `${PRELUDE}
local epoch = redis.call('GET', prefix .. 'epoch')
if epoch and epoch ~= ARGV[7] then
  return finish('stale', '', false)
end
local asked = cjson.decode(ARGV[6])
local settings = {}
if asked.locale ~= nil then settings.locale = asked.locale end
if asked.remaining == cjson.null then
  settings.monthQuota = {month = ARGV[5], quota = cjson.null}
elseif asked.remaining ~= nil then
  local created = tonumber(redis.call('GET', prefix .. 'quota:' .. ARGV[4] .. ':' .. ARGV[5]) or '0')
  settings.monthQuota = {month = ARGV[5], quota = created + asked.remaining}
end
local change = cjson.encode({kind = 'account', user = tonumber(ARGV[4]), settings = settings})
redis.call('XADD', prefix .. 'log', '*', 'c', change, 'e', currentEpoch())
return finish('ok', '', true)
`;

/**
 * ARGV[4] the reseed change, ARGV[5] the snapshot of the bare seed, ARGV[6] the new seed's highest
 * id (the auto-increment goes on from there). A reseed starts a new epoch: deleted ids, quotas and
 * rate-limit windows start again, and the log before it is dropped.
 */
const RESEED = `${PRELUDE}
local epoch = redis.call('INCR', prefix .. 'epoch')
redis.call('DEL', prefix .. 'deleted')
redis.call('SET', prefix .. 'id', ARGV[6])
for _, key in ipairs(redis.call('SMEMBERS', prefix .. 'quota-keys')) do redis.call('DEL', key) end
redis.call('DEL', prefix .. 'quota-keys')
local entry = redis.call('XADD', prefix .. 'log', '*', 'c', ARGV[4], 'e', epoch)
redis.call('HSET', prefix .. 'snapshot', 'covers', entry, 'epoch', epoch, 'n', redis.call('INCR', prefix .. 'changes'), 'size', 0, 'body', ARGV[5], 'trimmed', entry)
redis.call('XTRIM', prefix .. 'log', 'MINID', entry)
return finish('ok', '', false)
`;

/**
 * ARGV[2] the stream id the snapshot covers, ARGV[3] its epoch, ARGV[4] its body, ARGV[5] its size
 * (images and deleted ids). Keeps the log from the previous snapshot on, so a replica a little
 * behind still catches up from the log; one further behind loads the snapshot.
 */
const COMPACT = `
local prefix = ARGV[1]
local function after(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am > bm or (am == bm and as > bs)
end
redis.call('DEL', prefix .. 'compacting')
local previous = redis.call('HGET', prefix .. 'snapshot', 'covers')
if previous and not after(ARGV[2], previous) then return 0 end
-- trimmed: entries before it may be gone from the log ('0-0' = none).
redis.call('HSET', prefix .. 'snapshot', 'covers', ARGV[2], 'epoch', ARGV[3], 'n', redis.call('GET', prefix .. 'changes') or '0', 'size', ARGV[5], 'body', ARGV[4], 'trimmed', previous or '0-0')
if previous then redis.call('XTRIM', prefix .. 'log', 'MINID', previous) end
return 1
`;

/**
 * ARGV[2] client, ARGV[3] limit, ARGV[4] '1' when enforced, ARGV[5] window (ms). Laravel's fixed
 * window: opened by the first counted request; a refused request is not counted. Answers
 * `{allowed, hits, window ms left}`. Windows belong to an epoch: a reseed forgets them.
 */
const RATE = `
local prefix = ARGV[1]
local key = prefix .. 'rate:' .. (redis.call('GET', prefix .. 'epoch') or '0') .. ':' .. ARGV[2]
local left = redis.call('PTTL', key)
local hits = 0
if left > 0 then
  hits = tonumber(redis.call('GET', key) or '0')
else
  redis.call('DEL', key)
  left = tonumber(ARGV[5])
end
if ARGV[4] == '1' and hits >= tonumber(ARGV[3]) then return {0, hits, left} end
hits = redis.call('INCR', key)
if hits == 1 then redis.call('PEXPIRE', key, ARGV[5]) end
return {1, hits, left}
`;

export const SCRIPTS = {
  ailunaRead: READ,
  ailunaCreate: CREATE,
  ailunaUpdate: UPDATE,
  ailunaDelete: DELETE,
  ailunaAccount: ACCOUNT,
  ailunaReseed: RESEED,
  ailunaCompact: COMPACT,
  ailunaRate: RATE,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
