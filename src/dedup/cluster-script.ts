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

  -- 2. shared weight per candidate; full lists (common features) only probed in 3
  local order = {}
  local accW, accN, accWd, first = {}, {}, {}, {}
  local seenBy = {}
  local common = {}
  local function credit(i, id, w)
    if accW[id] == nil then
      accW[id] = 0; accN[id] = 0; accWd[id] = 0
      order[#order + 1] = id
      first[id] = #order
    end
    accW[id] = accW[id] + math.min(fw[i], w)
    local cls = string.sub(fkeys[i], 1, 1)
    if cls == 'n' then accN[id] = accN[id] + 1 elseif cls == 'w' then accWd[id] = accWd[id] + 1 end
  end
  for i = 1, #fkeys do
    local seen = {}
    seenBy[i] = seen
    for k = 1, #values do
      local list = values[k][i + 1]
      if list then
        if #string.gsub(list, '[^,]+', '') + 1 >= maxPostings then
          common[#common + 1] = { i, list }
        else
          for id, wh in string.gmatch(list, '([^,/]+)/(%x*)') do
            if id ~= storyId and not seen[id] then
              seen[id] = true
              credit(i, id, tonumber(wh, 16) or 0)
            end
          end
        end
      end
    end
  end

  -- 3. best candidates, completed from the common lists, checked against their records
  local best = {}
  for _, id in ipairs(order) do
    local w = accW[id]
    if not (#best >= maxCand and w <= accW[best[#best]]) then
      local at = #best + 1
      while at > 1 and accW[best[at - 1]] < w do at = at - 1 end
      table.insert(best, at, id)
      if #best > maxCand then best[#best] = nil end
    end
  end
  for _, id in ipairs(best) do
    for _, c in ipairs(common) do
      local i, list = c[1], c[2]
      if not seenBy[i][id] then
        local head = id .. '/'
        local e = nil
        if string.sub(list, 1, #head) == head then
          e = #head
        else
          local _, found = string.find(list, ',' .. head, 1, true)
          e = found
        end
        if e then
          seenBy[i][id] = true
          local hex = string.match(string.sub(list, e + 1, e + 10), '^(%x*)')
          credit(i, id, tonumber(hex, 16) or 0)
        end
      end
    end
  end
  local ranked = {}
  for _, id in ipairs(best) do
    if accN[id] >= minNames and accWd[id] >= minWords then ranked[#ranked + 1] = id end
  end
  local clusterId, found, bestNum, bestDen = storyId, false, 0, 1
  local records = {}
  local missing = ranked
  for k = 1, #gens do
    if #missing == 0 then break end
    local names = {}
    for m = 1, #missing do names[m] = 'r' .. missing[m] end
    local got = redis.call('HMGET', base .. ':x:' .. gens[k], unpack(names))
    local still = {}
    for m = 1, #missing do
      local rec = got[m] and parseRecord(got[m]) or nil
      if rec then records[missing[m]] = rec else still[#still + 1] = missing[m] end
    end
    missing = still
  end
  for _, id in ipairs(ranked) do
    local rec = records[id]
    if rec and math.abs(rec.time - timeSec) <= windowSec then
      local num = accW[id]
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
  for i = 1, #fkeys do
    local entry = storyId .. '/' .. string.format('%x', fw[i])
    local old = current[i + 1]
    if old and maxPostings > 1 then
      local at = 0
      for kept = 1, maxPostings - 1 do
        at = string.find(old, ',', at + 1, true)
        if not at then break end
      end
      if at then old = string.sub(old, 1, at - 1) end
      entry = entry .. ',' .. old
    end
    writes[#writes + 1] = 'f' .. fkeys[i]
    writes[#writes + 1] = entry
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
