/**
 * Words that say nothing about which event a story reports: English function words, reporting
 * verbs and calendar words. Written by hand for this project (not derived from any data set).
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against ago all almost along already also although always am among an and another any anyone
   are around as at away back be became because become been before being below between both but by came can cannot could
   did do does doing done down during each either else even ever every few for from further get gets got had has have
   having he her here hers herself him himself his how however i if in including into is it its itself just last late
   later least less let like made make many may me might more most much must my near nearly neither never new next no
   nor not now of off often on once one only or other others our ours out over own per perhaps put rather really said
   same say saying says see seen she should since so some still such than that the their theirs them themselves then
   there these they this those though three through thus to today told too toward towards two under until up upon us
   very via was we well were what when where whether which while who whom whose why will with within without would yet
   you your yours year years week weeks month months day days time times first second third four five six seven eight
   nine ten percent pct per cent mr mrs ms dr according added adding announced asked statement statements spokesman
   spokeswoman spokesperson reported reporters reporting report reports news tuesday wednesday thursday friday saturday
   sunday monday january february march april may june july august september october november december jan feb mar apr
   jun jul aug sep sept oct nov dec morning evening night afternoon tonight yesterday tomorrow`.split(/\s+/).filter(Boolean),
);
