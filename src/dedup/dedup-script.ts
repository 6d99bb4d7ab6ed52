/**
 * The Lua twin of decideStory (decide-story.ts), run by Redis over a batch of items, in order,
 * atomically (so two workers racing on two copies of one story create one story, and copies
 * inside one batch resolve against each other). Keep both in step; the same table of tests runs
 * against both indexes.
 *
 * Keys: `${prefix}:dedup:x:${gen}`, one hash per generation (see decide-story.ts for its fields;
 * a text's record `d<docId>` is `storyId:shingles:complete:nTitle:` + 2-byte title hashes +
 * 2-byte sketch values), EXPIREAT the generation's end + the window. Per item the script makes
 * about generations+3 calls: HMGET per generation, HMGET of candidate records, HSET, EXPIREAT.
 * Key names are built inside the script (not declared in KEYS): fine on one Redis, not on a cluster.
 *
 * ARGV: 1 key base (`${prefix}:dedup`), 2 settings `cur,olderGens,expireAt,nearThreshold,
 * containThreshold,minContainedShingles,shortShingles,titleOverlap,maxCandidates,maxDocsPerKey,
 * fullerRatio`, then two values per item: meta `docId newStoryId words shingles complete item guid
 * url text contentKeys` (space separated, '-' for an absent key, content keys concatenated, 17
 * characters each) and the binary title hashes + sketch (2 bytes per value, `nTitle` first: see meta).
 * Returns one encoded decision `storyId|match|simNum|simDen|fuller` per item.
 */
export const DEDUP_DECIDE_LUA = `
local base = ARGV[1]
local cfg = {}
for v in string.gmatch(ARGV[2], '[^,]+') do cfg[#cfg + 1] = v end
local cur = tonumber(cfg[1])
local ngen = tonumber(cfg[2])
local expireAt = cfg[3]
local nearT = tonumber(cfg[4])
local containT = tonumber(cfg[5])
local minContained = tonumber(cfg[6])
local shortSh = tonumber(cfg[7])
local titleT = tonumber(cfg[8])
local maxCand = tonumber(cfg[9])
local maxPerKey = tonumber(cfg[10])
local fullerRatio = tonumber(cfg[11])
local KEY_LEN = 17

local function unpack16(s, from, count)
  local t = {}
  for i = 0, count - 1 do
    local hi, lo = string.byte(s, from + 2 * i, from + 2 * i + 1)
    t[i + 1] = hi * 256 + lo
  end
  return t
end
local function compare(sa, ca, sb, cb)
  local na, nb = #sa, #sb
  local limitA, limitB = 65536, 65536
  if not ca and na > 0 then limitA = sa[na] end
  if not cb and nb > 0 then limitB = sb[nb] end
  local limit = math.min(limitA, limitB)
  local i, j, inter, aS, bS = 1, 1, 0, 0, 0
  while i <= na and j <= nb do
    local x, y = sa[i], sb[j]
    if x > limit and y > limit then break end
    if x == y then
      inter = inter + 1; aS = aS + 1; bS = bS + 1; i = i + 1; j = j + 1
    elseif x < y then
      aS = aS + 1; i = i + 1
    else
      bS = bS + 1; j = j + 1
    end
  end
  while i <= na and sa[i] <= limit do aS = aS + 1; i = i + 1 end
  while j <= nb and sb[j] <= limit do bS = bS + 1; j = j + 1 end
  return inter, aS + bS - inter, aS, bS
end
local function titlesAgree(a, b)
  if #a == 0 or #b == 0 then return false end
  local i, j, shared = 1, 1, 0
  while i <= #a and j <= #b do
    if a[i] == b[j] then
      shared = shared + 1; i = i + 1; j = j + 1
    elseif a[i] < b[j] then
      i = i + 1
    else
      j = j + 1
    end
  end
  return shared >= titleT * (#a + #b - shared)
end
local function parseDoc(rec)
  local sid, sh, comp, nt, pos = string.match(rec, '^(%x+):(%d+):([01]):(%d+):()')
  if not sid then return nil end
  nt = tonumber(nt)
  local nsk = (#rec - pos + 1 - 2 * nt) / 2
  return { sid = sid, sh = tonumber(sh), comp = comp == '1', title = unpack16(rec, pos, nt), sketch = unpack16(rec, pos + 2 * nt, nsk) }
end

local function decideOne(meta, bin)
local docId, newStoryId, words, shingles, completeFlag, nTitle, itemKey, guidKey, urlKey, textKey, contentKeys =
  string.match(meta, '^(%x+) (%x+) (%d+) (%d+) ([01]) (%d+) (%S+) (%S+) (%S+) (%S+) ?(%S*)$')
if not docId then error('DEDUP_BAD_META unreadable item meta') end
words = tonumber(words)
shingles = tonumber(shingles)
nTitle = tonumber(nTitle)
local complete = completeFlag == '1'
if guidKey == '-' then guidKey = '' end
if urlKey == '-' then urlKey = '' end
if textKey == '-' then textKey = '' end
local titleBytes = string.sub(bin, 1, 2 * nTitle)
local sketchBytes = string.sub(bin, 2 * nTitle + 1)

-- one read per generation of every key the item has
local fields = { itemKey }
local exact = {}
if guidKey ~= '' then fields[#fields + 1] = guidKey; exact[#exact + 1] = { 'g', #fields } end
if urlKey ~= '' then fields[#fields + 1] = urlKey; exact[#exact + 1] = { 'u', #fields } end
local textAt = -1
if textKey ~= '' then fields[#fields + 1] = textKey; textAt = #fields; exact[#exact + 1] = { 't', #fields } end
local contentFrom = #fields + 1
for at = 1, #contentKeys - KEY_LEN + 1, KEY_LEN do fields[#fields + 1] = string.sub(contentKeys, at, at + KEY_LEN - 1) end
local gens = {}
local values = {}
for g = cur, cur - ngen, -1 do
  gens[#gens + 1] = g
  values[#values + 1] = redis.call('HMGET', base .. ':x:' .. g, unpack(fields))
end
local function valueAt(i)
  for k = 1, #values do
    local v = values[k][i]
    if v then return v end
  end
  return nil
end

-- 1. replay
local replay = valueAt(1)
if replay then
  local sid = string.match(replay, '^(%x+)|[ngutrc]|%d+|%d+|[01]$')
  if sid and #sid == 16 then return replay end
end

-- 2. exact keys
local storyId, match, simNum, simDen = nil, 'n', 0, 0
for _, e in ipairs(exact) do
  local v = valueAt(e[2])
  if v then
    storyId = v
    match = e[1]
    if e[1] == 't' then simNum = 1; simDen = 1 end
    break
  end
end
local textKnown = textAt > 0 and valueAt(textAt) ~= nil

-- 3. candidates
if storyId == nil then
  local candidates = {}
  local seen = {}
  seen[docId] = true
  local i = contentFrom
  while i <= #fields and #candidates < maxCand do
    for k = 1, #values do
      local list = values[k][i]
      if list then
        for at = 1, #list - 11, 12 do
          local id = string.sub(list, at, at + 11)
          if not seen[id] then
            seen[id] = true
            candidates[#candidates + 1] = id
          end
        end
      end
    end
    i = i + 1
  end
  while #candidates > maxCand do candidates[#candidates] = nil end
  local records = {}
  local missing = candidates
  for k = 1, #gens do
    if #missing == 0 then break end
    local names = {}
    for m = 1, #missing do names[m] = 'd' .. missing[m] end
    local got = redis.call('HMGET', base .. ':x:' .. gens[k], unpack(names))
    local still = {}
    for m = 1, #missing do
      local rec = got[m] and parseDoc(got[m]) or nil
      if rec then records[missing[m]] = rec else still[#still + 1] = missing[m] end
    end
    missing = still
  end
  local mySketch, myTitle = nil, nil
  local nearStory, nearNum, nearDen = nil, 0, 1
  local containStory, containNum, containDen = nil, 0, 1
  for c = 1, #candidates do
    local rec = records[candidates[c]]
    if rec then
      if mySketch == nil then
        mySketch = unpack16(sketchBytes, 1, #sketchBytes / 2)
        myTitle = unpack16(titleBytes, 1, #titleBytes / 2)
      end
      local short = math.min(shingles, rec.sh) < shortSh
      if not (short and not titlesAgree(myTitle, rec.title)) then
        local inter, union, aS, bS = compare(mySketch, complete, rec.sketch, rec.comp)
        if union > 0 and inter >= nearT * union then
          if nearStory == nil or inter * nearDen > nearNum * union then
            nearStory = rec.sid; nearNum = inter; nearDen = union
          end
        elseif not short then
          local smaller = bS
          if shingles <= rec.sh then smaller = aS end
          if math.min(shingles, rec.sh) >= minContained and smaller > 0 and inter >= containT * smaller then
            if containStory == nil or inter * containDen > containNum * smaller then
              containStory = rec.sid; containNum = inter; containDen = smaller
            end
          end
        end
      end
    end
  end
  if nearStory ~= nil then
    storyId = nearStory; match = 'r'; simNum = nearNum; simDen = nearDen
  elseif containStory ~= nil then
    storyId = containStory; match = 'c'; simNum = containNum; simDen = containDen
  end
end

-- 4. story text length and "fuller"
local writes = {}
local fuller = 0
if storyId == nil then
  storyId = newStoryId
  writes[#writes + 1] = 's' .. storyId
  writes[#writes + 1] = tostring(words)
else
  local best = 0
  for k = 1, #gens do
    local v = redis.call('HGET', base .. ':x:' .. gens[k], 's' .. storyId)
    if v then
      best = tonumber(v) or 0
      break
    end
  end
  if words > best * fullerRatio then
    fuller = 1
    writes[#writes + 1] = 's' .. storyId
    writes[#writes + 1] = tostring(words)
  end
end

-- 5. register
local decision = storyId .. '|' .. match .. '|' .. simNum .. '|' .. simDen .. '|' .. fuller
writes[#writes + 1] = itemKey
writes[#writes + 1] = decision
for _, e in ipairs(exact) do
  if valueAt(e[2]) == nil then
    writes[#writes + 1] = fields[e[2]]
    writes[#writes + 1] = storyId
  end
end
if not textKnown then
  local current = values[1]
  for i = contentFrom, #fields do
    local old = current[i] or ''
    local out = docId
    local at = 1
    while at + 11 <= #old and #out < maxPerKey * 12 do
      local id = string.sub(old, at, at + 11)
      if id ~= docId then out = out .. id end
      at = at + 12
    end
    writes[#writes + 1] = fields[i]
    writes[#writes + 1] = out
  end
  writes[#writes + 1] = 'd' .. docId
  writes[#writes + 1] = storyId .. ':' .. shingles .. ':' .. (complete and '1' or '0') .. ':' .. (#titleBytes / 2) .. ':' .. titleBytes .. sketchBytes
end
local hash = base .. ':x:' .. cur
redis.call('HSET', hash, unpack(writes))
redis.call('EXPIREAT', hash, expireAt)
return decision
end

local out = {}
for a = 3, #ARGV - 1, 2 do
  out[#out + 1] = decideOne(ARGV[a], ARGV[a + 1])
end
return out
`;
