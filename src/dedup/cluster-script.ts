/**
 * The two Lua scripts of the Redis cluster index (ClusterStore in decide-cluster.ts). Arguments
 * come packed in one binary string (one Redis argument instead of dozens per story: cheaper to
 * send from Node and to receive in Redis), and values are computed in Node: the scripts only
 * split, read or write hash fields and compare a few bytes, creating as few Lua strings as they
 * can (each costs Redis time). The memory index does the same in JavaScript; keep them in step.
 */

/**
 * Answers packed in two strings (one reply instead of one per field, much cheaper to receive in
 * Node): the 2-byte big-endian length of each value in order (65535 = absent), and the values
 * concatenated.
 */
const PACK_LUA = `
local lens, nl, vals, nv = {}, 0, {}, 0
local function put(v)
  if v then
    local l = #v
    lens[nl + 1] = math.floor(l / 256)
    lens[nl + 2] = l % 256
    nv = nv + 1
    vals[nv] = v
  else
    lens[nl + 1] = 255
    lens[nl + 2] = 255
  end
  nl = nl + 2
end
local function packed()
  local parts = {}
  for i = 1, nl, 4000 do parts[#parts + 1] = string.char(unpack(lens, i, math.min(nl, i + 3999))) end
  return { table.concat(parts), table.concat(vals) }
end
`;

/**
 * ClusterStore.readLatest. KEYS: the generation hashes, newest first. ARGV[1]: record fields (9
 * bytes each) concatenated, ARGV[2]: postings fields (5 bytes each) concatenated, ARGV[3]: the
 * length of a full list. A field is read in a generation only while no newer one had its record
 * or a full list. Answers (packed) the values of the fields each hash was asked for, hash after
 * hash, records first: all fields for the first hash, then only those still open.
 */
export const CLUSTER_READ_LATEST_LUA = `${PACK_LUA}
local sub = string.sub
local full = tonumber(ARGV[3])
local fields, n = {}, 0
local records = ARGV[1]
for i = 1, #records, 9 do
  n = n + 1
  fields[n] = sub(records, i, i + 8)
end
local nrec = n
local postings = ARGV[2]
for i = 1, #postings, 5 do
  n = n + 1
  fields[n] = sub(postings, i, i + 4)
end
local todo = {}
for i = 1, n do todo[i] = i end
for k = 1, #KEYS do
  if #todo == 0 then break end
  local ask = {}
  for m = 1, #todo do ask[m] = fields[todo[m]] end
  local got = redis.call('HMGET', KEYS[k], unpack(ask))
  local still, ns = {}, 0
  for m = 1, #todo do
    local i = todo[m]
    local v = got[m]
    put(v)
    if not (v and (i <= nrec or #v >= full)) then
      ns = ns + 1
      still[ns] = i
    end
  end
  todo = still
end
return packed()
`;

/**
 * ClusterStore.read. KEYS: generation hashes. ARGV: per hash, its record fields (9 bytes each)
 * concatenated and its postings fields (5 bytes each) concatenated. Answers (packed) the values of
 * each hash's record fields then postings fields, hash after hash.
 */
export const CLUSTER_READ_LUA = `${PACK_LUA}
local sub = string.sub
for k = 1, #KEYS do
  local fields, n = {}, 0
  local records, postings = ARGV[2 * k - 1], ARGV[2 * k]
  for i = 1, #records, 9 do
    n = n + 1
    fields[n] = sub(records, i, i + 8)
  end
  for i = 1, #postings, 5 do
    n = n + 1
    fields[n] = sub(postings, i, i + 4)
  end
  if n > 0 then
    local got = redis.call('HMGET', KEYS[k], unpack(fields))
    for m = 1, n do put(got[m]) end
  end
end
return packed()
`;

/**
 * ClusterStore.commit. KEYS[1]: the current generation's hash. ARGV[1]: expire-at (unix
 * seconds), ARGV[2]: the stories, each: record field (9 bytes), record length (2 bytes) and record, number of lists (1
 * byte), then per list: field (5 bytes), mode (1 byte: 0 blind, 2 check), entries in next (1
 * byte), expected length (2 bytes), the first 4 bytes of the expected value (zero-padded), next (9
 * bytes per entry).
 *
 * Reads the record fields and the check lists (blind lists are not read), then per story, in
 * order, seeing the writes of the earlier ones: the stored record (already registered: nothing
 * written), '!' (a check list changed: nothing written) or '' (registered: the record written,
 * each list set to next). A field written by several stories is written once, with its last
 * value.
 */
export const CLUSTER_COMMIT_LUA = `
local key = KEYS[1]
local blob = ARGV[2]
local sub, byte = string.sub, string.byte
local fields, nexts, slots, heads = {}, {}, {}, {}
local recs, firsts, counts = {}, {}, {}
local ask, na = {}, 0
local nf, ns = 0, 0
local at = 1
local size = #blob
while at <= size do
  local hi, lo, n = byte(blob, at + 9, at + 11)
  local len = hi * 256 + lo
  ns = ns + 1
  nf = nf + 1
  local rf = sub(blob, at, at + 8)
  fields[nf] = rf
  na = na + 1
  ask[na] = rf
  slots[nf] = na
  firsts[ns] = nf
  counts[ns] = n
  recs[ns] = sub(blob, at + 12, at + 11 + len)
  at = at + 12 + len
  for j = 1, n do
    nf = nf + 1
    local f = sub(blob, at, at + 4)
    fields[nf] = f
    local mode, entries = byte(blob, at + 5, at + 6)
    if mode == 2 then
      na = na + 1
      ask[na] = f
      slots[nf] = na
      heads[nf] = at + 7
    end
    local to = at + 12 + 9 * entries
    nexts[nf] = sub(blob, at + 13, to)
    at = to + 1
  end
end
local got = redis.call('HMGET', key, unpack(ask))
local now, order, out = {}, {}, {}
local no = 0
for s = 1, ns do
  local r = firsts[s]
  local rf = fields[r]
  local n = counts[s]
  local rec = now[rf]
  if rec == nil then rec = got[slots[r]] end
  if rec then
    out[s] = rec
  else
    local ok = true
    for j = r + 1, r + n do
      local p = heads[j]
      if p then
        local v = now[fields[j]]
        if v == nil then v = got[slots[j]] or '' end
        local xh, xl, b1, b2, b3, b4 = byte(blob, p, p + 5)
        local same = #v == xh * 256 + xl
        if same and #v > 0 then
          local a1, a2, a3, a4 = byte(v, 1, 4)
          same = a1 == b1 and a2 == b2 and a3 == b3 and a4 == b4
        end
        if not same then
          ok = false
          break
        end
      end
    end
    if ok then
      if now[rf] == nil then
        no = no + 1
        order[no] = rf
      end
      now[rf] = recs[s]
      for j = r + 1, r + n do
        local f = fields[j]
        if now[f] == nil then
          no = no + 1
          order[no] = f
        end
        now[f] = nexts[j]
      end
      out[s] = ''
    else
      out[s] = '!'
    end
  end
end
if no > 0 then
  local writes = {}
  for i = 1, no do
    local f = order[i]
    writes[2 * i - 1] = f
    writes[2 * i] = now[f]
  end
  redis.call('HSET', key, unpack(writes))
  redis.call('EXPIREAT', key, ARGV[1])
end
return out
`;
