/**
 * The Lua twin of decideCluster (decide-cluster.ts), run by Redis over a batch of stories, in
 * order, atomically. Keep both in step; the same tests run against both indexes.
 *
 * Keys: `${prefix}:cluster:x:${gen}`, one hash per generation (fields: decide-cluster.ts),
 * EXPIREAT the generation's end + the window. Names are built inside the script (one Redis, not a cluster).
 *
 * ARGV: 1 key base (`${prefix}:cluster`), 2 settings `cur,olderGens,expireAt,nowSec,windowSec,
 * threshold,minSharedWords,minSharedNames,maxPostings,maxCandidates`, then two values per story:
 * meta `storyId timeSec mass` (timeSec '-' when unknown) and features `key:weightHex,...`.
 * Returns one clusterId per story.
 */
export const CLUSTER_DECIDE_LUA = `
local base = ARGV[1]
local cfg = {}
for v in string.gmatch(ARGV[2], '[^,]+') do cfg[#cfg + 1] = v end
local cur = tonumber(cfg[1])
local ngen = tonumber(cfg[2])
local expireAt = cfg[3]
local nowSec = tonumber(cfg[4])
local windowSec = tonumber(cfg[5])
local threshold = tonumber(cfg[6])
local minWords = tonumber(cfg[7])
local minNames = tonumber(cfg[8])
local maxPostings = tonumber(cfg[9])
local maxCand = tonumber(cfg[10])

local function parseRecord(v)
  local cid, t, m = string.match(v, '^(%S+) (%-?%d+) (%d+)$')
  if not cid then return nil end
  return { cid = cid, time = tonumber(t), mass = tonumber(m) }
end

local function decideOne(meta, feats)
  local storyId, timeStr, mass = string.match(meta, '^(%S+) (%S+) (%d+)$')
  if not storyId then error('DEDUP_BAD_META unreadable cluster meta') end
  mass = tonumber(mass)
  local timeSec = nowSec
  if timeStr ~= '-' then timeSec = tonumber(timeStr) end
  local fkeys, fw = {}, {}
  local fields = { 'r' .. storyId }
  for key, w in string.gmatch(feats, '([^,:]+):(%x+)') do
    fkeys[#fkeys + 1] = key
    fw[#fw + 1] = tonumber(w, 16)
    fields[#fields + 1] = 'f' .. key
  end
  local gens, values = {}, {}
  for g = cur, cur - ngen, -1 do
    gens[#gens + 1] = g
    values[#values + 1] = redis.call('HMGET', base .. ':x:' .. g, unpack(fields))
  end

  -- 1. seen before
  for k = 1, #values do
    local v = values[k][1]
    if v then
      local rec = parseRecord(v)
      if rec then return rec.cid end
    end
  end

  -- 2. shared weight per candidate
  local order, acc = {}, {}
  for i = 1, #fkeys do
    local seen = {}
    local cls = string.sub(fkeys[i], 1, 1)
    for k = 1, #values do
      local list = values[k][i + 1]
      if list then
        for posting in string.gmatch(list, '[^,]+') do
          local id, wh = string.match(posting, '^([^/]+)/(%x*)$')
          if id and id ~= storyId and not seen[id] then
            seen[id] = true
            local w = math.min(fw[i], tonumber(wh, 16) or 0)
            local a = acc[id]
            if not a then
              a = { weight = 0, names = 0, words = 0, first = #order + 1 }
              acc[id] = a
              order[#order + 1] = id
            end
            a.weight = a.weight + w
            if cls == 'n' then a.names = a.names + 1 elseif cls == 'w' then a.words = a.words + 1 end
          end
        end
      end
    end
  end

  -- 3. best candidates, checked against their records
  local ranked = {}
  for _, id in ipairs(order) do
    local a = acc[id]
    if a.names >= minNames and a.words >= minWords then ranked[#ranked + 1] = id end
  end
  table.sort(ranked, function(x, y)
    local a, b = acc[x], acc[y]
    if a.weight ~= b.weight then return a.weight > b.weight end
    return a.first < b.first
  end)
  while #ranked > maxCand do ranked[#ranked] = nil end
  local clusterId, found, bestNum, bestDen = storyId, false, 0, 1
  for _, id in ipairs(ranked) do
    local rec = nil
    for k = 1, #gens do
      local v = redis.call('HGET', base .. ':x:' .. gens[k], 'r' .. id)
      if v then
        rec = parseRecord(v)
        if rec then break end
      end
    end
    if rec and math.abs(rec.time - timeSec) <= windowSec then
      local num = acc[id].weight
      local den = mass + rec.mass - num
      if den > 0 and num >= threshold * den then
        if (not found) or num * bestDen > bestNum * den then
          found = true
          clusterId = rec.cid
          bestNum = num
          bestDen = den
        end
      end
    end
  end

  -- 4. register
  local writes = { 'r' .. storyId, clusterId .. ' ' .. timeSec .. ' ' .. mass }
  local current = values[1]
  local prefix = storyId .. '/'
  for i = 1, #fkeys do
    local list = { storyId .. '/' .. string.format('%x', fw[i]) }
    local old = current[i + 1]
    if old then
      for posting in string.gmatch(old, '[^,]+') do
        if #list >= maxPostings then break end
        if string.sub(posting, 1, #prefix) ~= prefix then list[#list + 1] = posting end
      end
    end
    writes[#writes + 1] = 'f' .. fkeys[i]
    writes[#writes + 1] = table.concat(list, ',')
  end
  local hash = base .. ':x:' .. cur
  redis.call('HSET', hash, unpack(writes))
  redis.call('EXPIREAT', hash, expireAt)
  return clusterId
end

local out = {}
for a = 3, #ARGV - 1, 2 do
  out[#out + 1] = decideOne(ARGV[a], ARGV[a + 1])
end
return out
`;
