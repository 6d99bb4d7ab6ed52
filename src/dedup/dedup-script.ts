import { oppositeWordsLua } from './opposite-words.js';

/**
 * The Lua twin of decideStory (decide-story.ts), run by Redis over a batch of items, in order,
 * atomically (so two workers racing on two copies of one story create one story, and copies
 * inside one batch resolve against each other). Keep both in step; the same table of tests runs
 * against both indexes.
 *
 * Keys: `${prefix}:dedup:x:${gen}`, one hash per generation (see decide-story.ts for its fields;
 * a text's record `d<docId>` is `storyId:shingles:complete:nTitle:nHeads:paragraphs:` + 2-byte
 * title hashes + 2-byte paragraph heads + 2-byte sketch values; a story's `s<storyId>` is
 * `words` or `words:memberDocIds`), EXPIREAT the generation's end + the window. Per item the
 * script makes about generations+3 calls: HMGET per generation, HMGET of candidate records,
 * HSET, EXPIREAT; an item with a passing candidate also reads the story's state and the records
 * of its members.
 * Key names are built inside the script (not declared in KEYS): fine on one Redis, not on a cluster.
 *
 * ARGV: 1 key base (`${prefix}:dedup`), 2 settings `cur,olderGens,expireAt,nearThreshold,
 * containThreshold,minContainedShingles,shortShingles,titleOverlap,maxCandidates,maxDocsPerKey,
 * fullerRatio,leadSkip,storyMembers,minTitledLeadShingles,headlineOverlap`, then two values per item: meta `docId newStoryId words
 * shingles complete nTitle nHeads paragraphs item guid url text contentKeys` (space separated, '-'
 * for an absent key, content keys concatenated, 17 characters each: bands, passages, then the title
 * keys `h`; the script derives their `k` twins) and the binary title hashes +
 * paragraph heads + sketch (2 bytes per value, counts in the meta).
 * Returns one encoded decision `storyId|match|simNum|simDen|fuller` per item.
 */
export const DEDUP_DECIDE_LUA = `
local OPPOSITE = ${oppositeWordsLua()}
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
local keepIds = (maxPerKey - 1) * 12
local fullerRatio = tonumber(cfg[11])
local leadSkip = tonumber(cfg[12])
local maxMembers = tonumber(cfg[13])
local minTitledLead = tonumber(cfg[14])
local headlineT = tonumber(cfg[15])
local KEY_LEN = 17
-- generation hashes, newest first (names built once per call)
local hashes = {}
for g = cur, cur - ngen, -1 do hashes[#hashes + 1] = base .. ':x:' .. g end
local wrote = false

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
-- titleOverlap in decide-story.ts: shared and all distinct words of two titles (ascending hashes)
local function titleOverlap(a, b)
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
  return shared, #a + #b - shared
end
local function titlesAgree(a, b)
  if #a == 0 or #b == 0 then return false end
  local shared, union = titleOverlap(a, b)
  return shared >= titleT * union
end
-- relateHeadlines in decide-story.ts: 'h' with the shared and all title words, or nil
local function relateHeadlines(a, b)
  if math.min(a.sh, b.sh) >= minTitledLead then return nil end
  local shared, union = titleOverlap(a.title, b.title)
  if union == 0 or shared < headlineT * union then return nil end
  -- titlesOppose in opposite-words.ts: an opposite pair among the words only one title has
  local onlyA, onlyB = {}, {}
  local i, j = 1, 1
  while i <= #a.title or j <= #b.title do
    local x, y = a.title[i], b.title[j]
    if x ~= nil and x == y then
      i = i + 1; j = j + 1
    elseif y == nil or (x ~= nil and x < y) then
      local v = OPPOSITE[x]
      if v then onlyA[v] = true end
      i = i + 1
    else
      local v = OPPOSITE[y]
      if v then onlyB[#onlyB + 1] = v end
      j = j + 1
    end
  end
  for k = 1, #onlyB do
    local v = onlyB[k]
    local other = v + 1
    if v % 2 == 1 then other = v - 1 end
    if onlyA[other] then return nil end
  end
  return 'h', shared, union
end
local RANK = { r = 2, c = 1, h = 0 }
-- the shorter text s is a lead of l (isLeadOf in decide-story.ts)
local function isLead(s, l)
  local compared = #s.heads
  if s.paras > 1 and #s.heads == s.paras then compared = compared - 1 end
  local off = 0
  while off <= leadSkip and s.paras + off < l.paras do
    local n = math.min(compared, #l.heads - off)
    if n <= 0 then break end
    local i = 1
    while i <= n and s.heads[i] == l.heads[off + i] do i = i + 1 end
    if i > n then return true end
    off = off + 1
  end
  return false
end
-- relateTexts in decide-story.ts: 'r' (near) or 'c' (contained lead) with num, den; nil otherwise
local function relate(a, b)
  local minSh = math.min(a.sh, b.sh)
  local short = minSh < shortSh
  local titled = nil
  if short then
    titled = titlesAgree(a.title, b.title)
    if not titled then return nil end
  end
  local inter, union, aS, bS = compare(a.sketch, a.comp, b.sketch, b.comp)
  if union > 0 and inter >= nearT * union then return 'r', inter, union end
  if minSh < minContained then
    if minSh < minTitledLead then return nil end
    if titled == nil then titled = titlesAgree(a.title, b.title) end
    if not titled then return nil end
  end
  local aShorter = a.sh <= b.sh
  local sample = bS
  if aShorter then sample = aS end
  if sample == 0 or inter < containT * sample then return nil end
  local lead
  if aShorter then lead = isLead(a, b) else lead = isLead(b, a) end
  if not lead then return nil end
  return 'c', inter, sample
end
local function parseDoc(rec)
  local sid, sh, comp, nt, nh, np, pos = string.match(rec, '^(%x+):(%d+):([01]):(%d+):(%d+):(%d+):()')
  if not sid then return nil end
  nt = tonumber(nt)
  nh = tonumber(nh)
  local nsk = (#rec - pos + 1 - 2 * nt - 2 * nh) / 2
  if nsk < 0 then return nil end
  return {
    sid = sid, sh = tonumber(sh), comp = comp == '1', paras = tonumber(np),
    title = unpack16(rec, pos, nt), heads = unpack16(rec, pos + 2 * nt, nh), sketch = unpack16(rec, pos + 2 * nt + 2 * nh, nsk),
  }
end

local function decideOne(meta, bin)
local docId, newStoryId, words, shingles, completeFlag, nTitle, nHeads, paragraphs, itemKey, guidKey, urlKey, textKey, contentKeys =
  string.match(meta, '^(%x+) (%x+) (%d+) (%d+) ([01]) (%d+) (%d+) (%d+) (%S+) (%S+) (%S+) (%S+) ?(%S*)$')
if not docId then error('DEDUP_BAD_META unreadable item meta') end
words = tonumber(words)
shingles = tonumber(shingles)
nTitle = tonumber(nTitle)
nHeads = tonumber(nHeads)
paragraphs = tonumber(paragraphs)
local complete = completeFlag == '1'
if guidKey == '-' then guidKey = '' end
if urlKey == '-' then urlKey = '' end
if textKey == '-' then textKey = '' end
local titleBytes = string.sub(bin, 1, 2 * nTitle)
local headBytes = string.sub(bin, 2 * nTitle + 1, 2 * nTitle + 2 * nHeads)
local sketchBytes = string.sub(bin, 2 * nTitle + 2 * nHeads + 1)

-- one read per generation of every key the item has
local fields = { itemKey }
local exact = {}
if guidKey ~= '' then fields[#fields + 1] = guidKey; exact[#exact + 1] = { 'g', #fields } end
if urlKey ~= '' then fields[#fields + 1] = urlKey; exact[#exact + 1] = { 'u', #fields } end
local textAt = -1
if textKey ~= '' then fields[#fields + 1] = textKey; textAt = #fields; exact[#exact + 1] = { 't', #fields } end
local contentFrom = #fields + 1
-- title keys: 'h' lists headline items, its 'k' twin holds the latest text under the key; a
-- headline item looks in both and is listed in 'h', a text looks only in 'h' and is written to 'k'
local headlineItem = shingles < minTitledLead
local titleFrom = nil
for at = 1, #contentKeys - KEY_LEN + 1, KEY_LEN do
  local key = string.sub(contentKeys, at, at + KEY_LEN - 1)
  fields[#fields + 1] = key
  if titleFrom == nil and string.byte(key, 1) == 104 then titleFrom = #fields end
end
local headlineable = titleFrom ~= nil
local titleCount = 0
if headlineable then titleCount = #fields - titleFrom + 1 else titleFrom = #fields + 1 end
if headlineItem then
  for k = titleFrom, titleFrom + titleCount - 1 do fields[#fields + 1] = 'k' .. string.sub(fields[k], 2) end
end
local postedTo = titleFrom - 1
if headlineItem then postedTo = titleFrom + titleCount - 1 end
local gens = {}
local values = {}
for g = cur, cur - ngen, -1 do
  gens[#gens + 1] = g
  values[#values + 1] = redis.call('HMGET', hashes[#gens], unpack(fields))
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
  local sid = string.match(replay, '^(%x+)|[ngutrch]|%d+|%d+|[01]$')
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

local records = {}
local function readDocs(ids)
  local missing = ids
  for k = 1, #gens do
    if #missing == 0 then break end
    local names = {}
    for m = 1, #missing do names[m] = 'd' .. missing[m] end
    local got = redis.call('HMGET', hashes[k], unpack(names))
    local still = {}
    for m = 1, #missing do
      local rec = got[m] and parseDoc(got[m]) or nil
      if rec then records[missing[m]] = rec else still[#still + 1] = missing[m] end
    end
    missing = still
  end
end
local stories = {}
local function readStory(sid)
  local st = stories[sid]
  if st ~= nil then return st end
  st = false
  for k = 1, #gens do
    local v = redis.call('HGET', hashes[k], 's' .. sid)
    if v then
      local w, rest = string.match(v, '^(%d*):?(.*)$')
      local members = {}
      for at = 1, #rest - 11, 12 do members[#members + 1] = string.sub(rest, at, at + 11) end
      st = { words = tonumber(w) or 0, members = members }
      break
    end
  end
  stories[sid] = st
  return st
end

-- 3. candidates, checked against every member of their story
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
  if #candidates > 0 then readDocs(candidates) end
  local me = nil
  local verdicts = {}
  local function agrees(sid)
    local st = readStory(sid)
    local members
    if st and #st.members > 0 then members = st.members else members = { string.sub(sid, 1, 12) } end
    local missing = {}
    for m = 1, #members do
      if records[members[m]] == nil then missing[#missing + 1] = members[m] end
    end
    if #missing > 0 then readDocs(missing) end
    for m = 1, #members do
      local r = records[members[m]]
      if r and members[m] ~= docId and math.min(shingles, r.sh) >= minContained then
        if relate(me, r) == nil then return false end
      end
    end
    return true
  end
  local bestKind, bestNum, bestDen, bestStory = nil, 0, 1, nil
  for c = 1, #candidates do
    local rec = records[candidates[c]]
    if rec then
      if me == nil then
        me = { sh = shingles, comp = complete, paras = paragraphs, title = unpack16(titleBytes, 1, nTitle), heads = unpack16(headBytes, 1, nHeads), sketch = unpack16(sketchBytes, 1, #sketchBytes / 2) }
      end
      local kind, num, den = relate(me, rec)
      if kind == nil and headlineable then kind, num, den = relateHeadlines(me, rec) end
      local better = false
      if kind ~= nil then
        if bestKind == nil then better = true
        elseif kind ~= bestKind then better = RANK[kind] > RANK[bestKind]
        else better = num * bestDen > bestNum * den end
      end
      if better then
        local ok = verdicts[rec.sid]
        if ok == nil then
          ok = agrees(rec.sid)
          verdicts[rec.sid] = ok
        end
        if ok then
          bestKind = kind; bestNum = num; bestDen = den; bestStory = rec.sid
        end
      end
    end
  end
  if bestStory ~= nil then
    storyId = bestStory; match = bestKind; simNum = bestNum; simDen = bestDen
  end
end

-- 4. the story's state: "fuller", members
local writes = {}
local fuller = 0
if storyId == nil then
  storyId = newStoryId
  writes[#writes + 1] = 's' .. storyId
  writes[#writes + 1] = words .. ':' .. docId
else
  local st = readStory(storyId)
  local best = 0
  local members = {}
  if st then
    best = st.words
    members = st.members
  end
  local byText = match == 'r' or match == 'c' or (match == 'h' and shingles >= minContained)
  local join = (not textKnown) and byText and #members < maxMembers
  if join then
    for m = 1, #members do
      if members[m] == docId then join = false end
    end
  end
  if words > best * fullerRatio then fuller = 1 end
  if fuller == 1 or join then
    local w = best
    if fuller == 1 then w = words end
    local list = table.concat(members)
    if join then list = list .. docId end
    writes[#writes + 1] = 's' .. storyId
    if list == '' then writes[#writes + 1] = tostring(w) else writes[#writes + 1] = w .. ':' .. list end
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
  for i = contentFrom, postedTo do
    local old = current[i] or ''
    local out
    if not string.find(old, docId, 1, true) then
      -- the usual case: docId in front of the first maxPerKey - 1 ids
      out = docId .. string.sub(old, 1, keepIds)
    else
      out = docId
      local at = 1
      while at + 11 <= #old and #out < maxPerKey * 12 do
        local id = string.sub(old, at, at + 11)
        if id ~= docId then out = out .. id end
        at = at + 12
      end
    end
    writes[#writes + 1] = fields[i]
    writes[#writes + 1] = out
  end
  if not headlineItem then
    for k = titleFrom, titleFrom + titleCount - 1 do
      writes[#writes + 1] = 'k' .. string.sub(fields[k], 2)
      writes[#writes + 1] = docId
    end
  end
  writes[#writes + 1] = 'd' .. docId
  writes[#writes + 1] = storyId .. ':' .. shingles .. ':' .. (complete and '1' or '0') .. ':' .. nTitle .. ':' .. nHeads .. ':' .. paragraphs .. ':' .. titleBytes .. headBytes .. sketchBytes
end
redis.call('HSET', hashes[1], unpack(writes))
wrote = true
return decision
end

local out = {}
for a = 3, #ARGV - 1, 2 do
  out[#out + 1] = decideOne(ARGV[a], ARGV[a + 1])
end
if wrote then redis.call('EXPIREAT', hashes[1], expireAt) end
return out
`;
