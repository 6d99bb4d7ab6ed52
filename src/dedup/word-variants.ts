/**
 * Words that news in British and American English spell differently, and a few words for one thing
 * in news of agreements: event clustering counts each pair as one content word, so a BBC report
 * ("defence pact", "organised") and an AP one ("defense treaty", "organized") of one event share
 * them. Each entry is [variant, the form it counts as]; every inflection the light stemmer folds
 * (defences, organising, travelled) follows its base. Written for this project from general
 * knowledge of the two spellings.
 */
export const WORD_VARIANTS: ReadonlyArray<readonly [string, string]> = [
  // -ce / -se
  ['defence', 'defense'], ['offence', 'offense'], ['licence', 'license'], ['pretence', 'pretense'],
  // -re / -er
  ['centre', 'center'], ['theatre', 'theater'], ['metre', 'meter'], ['kilometre', 'kilometer'], ['litre', 'liter'],
  ['fibre', 'fiber'], ['calibre', 'caliber'], ['manoeuvre', 'maneuver'], ['manoeuvres', 'maneuvers'],
  // -our / -or
  ['labour', 'labor'], ['favour', 'favor'], ['honour', 'honor'], ['neighbour', 'neighbor'], ['neighbouring', 'neighboring'],
  ['harbour', 'harbor'], ['rumour', 'rumor'], ['colour', 'color'], ['behaviour', 'behavior'], ['endeavour', 'endeavor'],
  ['armour', 'armor'], ['armoured', 'armored'], ['vapour', 'vapor'], ['saviour', 'savior'], ['valour', 'valor'],
  // -ise / -ize, -isation / -ization
  ['organise', 'organize'], ['organisation', 'organization'], ['organisations', 'organizations'], ['organiser', 'organizer'],
  ['recognise', 'recognize'], ['criticise', 'criticize'], ['apologise', 'apologize'], ['authorise', 'authorize'],
  ['authorisation', 'authorization'], ['privatise', 'privatize'], ['privatisation', 'privatization'], ['realise', 'realize'],
  ['emphasise', 'emphasize'], ['mobilise', 'mobilize'], ['mobilisation', 'mobilization'], ['stabilise', 'stabilize'],
  ['legalise', 'legalize'], ['nationalise', 'nationalize'], ['nationalisation', 'nationalization'], ['normalise', 'normalize'],
  ['normalisation', 'normalization'], ['prioritise', 'prioritize'], ['summarise', 'summarize'], ['minimise', 'minimize'],
  ['maximise', 'maximize'], ['characterise', 'characterize'], ['militarise', 'militarize'], ['demilitarise', 'demilitarize'],
  ['jeopardise', 'jeopardize'], ['penalise', 'penalize'], ['finalise', 'finalize'], ['hospitalise', 'hospitalize'],
  ['hospitalisation', 'hospitalization'], ['modernise', 'modernize'], ['modernisation', 'modernization'], ['sanitise', 'sanitize'],
  ['utilise', 'utilize'], ['globalisation', 'globalization'], ['urbanisation', 'urbanization'], ['democratisation', 'democratization'],
  ['colonise', 'colonize'], ['harmonise', 'harmonize'], ['subsidise', 'subsidize'], ['scrutinise', 'scrutinize'],
  ['sympathise', 'sympathize'], ['terrorise', 'terrorize'], ['vaporise', 'vaporize'], ['capsise', 'capsize'],
  ['analyse', 'analyze'], ['paralyse', 'paralyze'], ['catalyse', 'catalyze'],
  // doubled l, and other spellings
  ['travelled', 'traveled'], ['travelling', 'traveling'], ['traveller', 'traveler'], ['travellers', 'travelers'],
  ['cancelled', 'canceled'], ['cancelling', 'canceling'], ['labelled', 'labeled'], ['modelling', 'modeling'],
  ['signalled', 'signaled'], ['fuelled', 'fueled'], ['fuelling', 'fueling'], ['levelled', 'leveled'], ['counsellor', 'counselor'],
  ['jewellery', 'jewelry'], ['fulfil', 'fulfill'], ['enrol', 'enroll'], ['instalment', 'installment'],
  ['ageing', 'aging'], ['grey', 'gray'], ['sceptic', 'skeptic'], ['sceptical', 'skeptical'], ['scepticism', 'skepticism'],
  ['aluminium', 'aluminum'], ['catalogue', 'catalog'], ['programme', 'program'], ['programmes', 'programs'],
  ['plough', 'plow'], ['mould', 'mold'], ['smoulder', 'smolder'], ['pyjamas', 'pajamas'], ['tyre', 'tire'],
  ['paediatric', 'pediatric'], ['anaemia', 'anemia'], ['haemorrhage', 'hemorrhage'], ['leukaemia', 'leukemia'],
  ['diarrhoea', 'diarrhea'], ['oestrogen', 'estrogen'], ['foetus', 'fetus'], ['orthopaedic', 'orthopedic'],
  // one thing, several words: an agreement between states
  ['pact', 'treaty'], ['accord', 'treaty'],
];
