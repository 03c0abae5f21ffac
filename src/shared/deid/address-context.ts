/**
 * What the detectors find of an address is often its town ("Dryden, TX 58645") or its street,
 * while the lines around it stay: the house, unit and street written before the town in any
 * language ("Rua Frei Caneca, 912, casa 2, Purdum, NE", "Basement flat, 31 Cardigan Terrace,
 * Dryden, TX", "13 Ulaanbaatar Gudamj, Elk City, ID"), a unit or "c/o" before a street ("Lodge 5,
 * Silver Birch Caravan Park"), and a landmark named by what stands at a place ("the co-op fuel
 * station at Kaktovik"). These widen the place found, from the text around it, after the
 * detectors' spans are merged; they never reach into another span.
 */
import { Span } from './deid.types';
import { STREET_SUFFIX, US_STATES } from './format-patterns';
import { isMedicalTerm } from './medical-terms';
import { SpanCover } from './span-cover';

// A town before its state (and ZIP): "Dryden, TX 58645", "Purdum, NE", "Elk City ID 71953".
const STATE_AFTER = /^,?[ \t]{1,2}[A-Z]{2}\.?(?:,?[ \t]{1,2}\d{5}(?:-\d{4})?)?(?![\p{L}\p{N}])/u;

// Words of a street, a unit or a locality written in lower case in other languages and in unit lines.
const LOWER_ADDRESS_WORDS = new Set(
  (
    'iela gāte bulvāris prospekts daxasi ko‘chasi ko\'chasi qirg\'oqi qishlog\'i mahallasi gudamj utca út ulica ulice gatvė gatve tänav katu tie ' +
    'vei veien vegen gasse platz straße strasse weg laan straat caddesi sokak sokağı yolu casa izda dcha izq piso apto apt flat bis esc ' +
    'кв кв. ул ул. улица проспект пр. д. д дом корп корп. odos sector nagar layout colony marg main cross ' +
    // Sixteenth round: squares, streets and house-number words of more languages ("Školski trg 61",
    // "Gg. Malika no 73", "Mehbalıyev prospekti, 116").
    'trg náměstí namesti námestie rynek plac aleja ulitsa prospekti küçəsi vej gade gata gatan vägen no ' +
    // Seventeenth round: unit words ("int. 7", "Hse 4", "bus 3") and boulevards ("Brūkleņu bulvāris", "Juman bulvari").
    'int int. hse hse. bus bulvari bulvar bulevardul'
  ).split(' '),
);
// Street words that open a street's name in other languages ("Rua Frei Caneca", "Triq il-Kappillan").
const STREET_FIRST = /^(?:Rua|Rruga|Triq|Kalea|Calle|Carrer|Heol|Stryd|Ffordd|Avenida|Av\.|Via|Viale|Rue|Ulica|Ul\.|Strada|Odos|Leoforos|Jalan|Jl\.|Jln\.|Gang|Gg\.)$/;
const PARTICLES = new Set('i il l de del la las los da do dos das du des di dei degli delle della dello na an van von der den y e of the and &'.split(' '));
const STREET_END = new RegExp(`^(?:${STREET_SUFFIX})\\.?$`, 'i');

const addressWord = (w: string): boolean =>
  /^(?:\d[\p{L}\d½º°/.-]*|#\d+|c\/o|No\.?|\p{Lu}[\p{L}\p{M}\d'’‘.-]*|[a-z]{1,3}-\p{Lu}[\p{L}\p{M}'’-]*)$/u.test(w) ||
  PARTICLES.has(w) ||
  LOWER_ADDRESS_WORDS.has(w.toLowerCase());

const streetish = (words: string[]): boolean =>
  words.some((w) => STREET_END.test(w) || LOWER_ADDRESS_WORDS.has(w.toLowerCase())) || STREET_FIRST.test(words[0] ?? '');

// Where an address line stops on its left: a label, a bracket, a leader, a cue word before the address.
const LINE_STOP = /[:;(|\n\t]|\.{2,}|(?<![\p{L}])(?:at|of|to|in|from|for|near|address|lives|home|site|with)\s+/giu;

/** The comma-separated address lines written just before a town, as one place span (or none). */
function linesBefore(text: string, town: Span, floor: number): Span | undefined {
  let windowStart = Math.max(floor, town.start - 120);
  const window = text.slice(windowStart, town.start);
  let cut = 0;
  LINE_STOP.lastIndex = 0;
  for (let m = LINE_STOP.exec(window); m; m = LINE_STOP.exec(window)) cut = m.index + m[0].length;
  windowStart += cut;
  const chunks = text.slice(windowStart, town.start).split(',');
  let start = town.start;
  let rightStartsWithDigit = false;
  let taken = 0;
  // Walk the chunks from the town leftwards: each must be written as an address is.
  for (let i = chunks.length - 1; i >= 0 && taken < 4; i--) {
    const chunk = chunks[i];
    const words = chunk.trim().split(/\s+/).filter(Boolean);
    if (i === chunks.length - 1 && words.length === 0) continue;
    if (words.length === 0 || words.length > 7 || !words.every(addressWord)) break;
    const hasDigit = /\d/.test(chunk);
    if (!hasDigit && !streetish(words) && !rightStartsWithDigit) break;
    start = windowStart + chunks.slice(0, i).join(',').length + (i > 0 ? 1 : 0) + (chunk.length - chunk.trimStart().length);
    rightStartsWithDigit = /^\d/.test(words[0]);
    taken++;
  }
  if (taken === 0) return undefined;
  const end = town.start - (text.slice(start, town.start).length - text.slice(start, town.start).replace(/[\s,]+$/, '').length);
  return /\d/.test(text.slice(start, end)) || streetish(text.slice(start, end).split(/[\s,]+/)) ? { start, end, kind: 'LOCATION', priority: 1 } : undefined;
}

// A unit, lot or "c/o" written before a place: "Lodge 5, Silver Birch Caravan Park", "Lot 14, Sagebrush Flats Rd".
const UNIT_BEFORE =
  /(?:\bc\/o\s+|(?<![\p{L}])(?:[Tt]railhead\s+)?(?:Lot|LOT|lot|Ste|Suite|Room|Rm|Apt|Unit|Flat|Trailer|Space|Lodge|Cabin|House|Plot|Bldg|Building|Block|Villa|Pier|Site|Stall|Berth|Mile|Private Bag|Hut|Bay|Pad)\.?\s*#?\s*(?:[A-Za-z]?\d[\dA-Za-z½.-]{0,5}|[A-Z](?![\p{L}])),?\s+)$/u;

// What stands at a place, named before it: "the old grain elevator on", "behind the Shell garage on",
// "the co-op fuel station at", "under the Purdum rodeo grounds bleachers" (a few words between).
const LANDMARK =
  'elevator|station|terminal|lot|garage|cemetery|church|chapel|mosque|temple|synagogue|shop|store|stop|ramp|grounds|bleachers|tower|yard|' +
  'laundromat|dock|pier|wharf|mission|lay-by|layby|pub|bar|diner|motel|hotel|inn|campground|trailhead|bridge|underpass|overpass|park|' +
  'playground|mall|market|warehouse|barn|ranch|mine|quarry|plant|mill|depot|crossing|junction|rest area|car park|parking lot|truck stop|' +
  // Nineteenth round: roadside and outdoor places ("the turnout past the cattle guard on", "the gravel pit behind").
  'turnout|cattle guard|switchback|gravel pit|boardwalk|heliport|helipad|airstrip|jetty|slipway|memorial|monument';
// Twentieth round: without "the" where a route or a place opens ("Route: gravel pit off County Road 2280",
// "Arrested at gravel pit off …").
const LANDMARK_BEFORE = new RegExp(
  `(?:(?:\\b(?:under|behind|near|outside|inside|beside|past|by)\\s+)?\\bthe\\s+(?:[\\p{L}\\p{N}'’&.-]+\\s+){0,3}?|(?<=(?:^|[:→;]|\\b(?:at|from|to|near|via))[ \\t]*))(?:${LANDMARK})\\s+(?:on|at|in|off|by|near|past|beside|behind|outside|opposite|next\\s+to)\\s+(?:the\\s+)?$`,
  'iu',
);
// What stands at a place, named after it: "Lost Springs rodeo grounds", "the old Tamarack rail depot",
// "Mud Butte feed store", "the Cutbank bottoms": the place's name with its landmark is one place.
const LANDMARK_MODIFIER =
  'grain|water|feed|general|rail|railroad|train|bus|ferry|boat|fuel|gas|truck|rodeo|fair|ball|ski|radio|cell|county|tribal|fire|covered|swing|toll|foot|old|sugar|temple|sea-lion|winter|summer|fish|night|' +
  // Twentieth round: roadside stops ("Peavine summit pullout", "Cold Hollow trailhead lot", "Bitterroot Pass chain-up area").
  'trailhead|summit|weigh|chain-up|low-water|picnic|scenic|parking|loading';
const LANDMARK_HEAD =
  'elevator|harbou?r|depot|terminal|tower|grounds|fairgrounds|trailhead|overlook|campground|marina|quarry|mine|mill|silo|landing|bottoms|flats|store|station|yard|ramp|dock|pier|wharf|' +
  // Seventeenth round: "the Calumet Bend lighthouse", "Harrowgate covered bridge", "the Tumacacori Wash chapel".
  'lighthouse|bridge|chapel|turnoff|lookout|reservoir|dam|' +
  // "Chinle Wash trading post", "Lake Minnewaska boat launch", "the Old Tannery district", "Kerjean quarter".
  // Not a district nurse, council or court ("Riverside Clinic district nurse").
  'trading post|boat launch|district(?![ \\t]+(?:nurses?|nursing|team|council|health|general|hospital|court|attorney|judge|manager))|quarter|' +
  // Nineteenth round: "the Zaisan memorial", "Ilulissat heliport", "the Lake Hévíz boardwalk", "the Tsuglagkhang
  // temple steps", "Széchenyi fürdő" (a bath), "the Kumasi Kejetia market", "Elorrixa meadow", "Khorgo winter camp".
  'memorial|heliport|helipad|airstrip|boardwalk|steps|fürdő|market|meadow|camp|jetty|slipway|sea-lion dock|' +
  // Twentieth round: "Peavine summit pullout", "Cold Hollow trailhead lot", "Shad Run low-water crossing".
  // Not "area" alone, which follows a surname or a ward as often ("Anne Marsh area manager", "Resus Bay area").
  'pullout|pull-off|lot|chain-up area|crossing|launch|stop';
const LANDMARK_AFTER = new RegExp(`^[ \\t]+(?:(?:${LANDMARK_MODIFIER})[ \\t]+)?(?:${LANDMARK_HEAD})(?![\\p{L}\\p{N}])`, 'u');
// A bare head word needs a modifier after a name ("Kowalski store" is a shop, "Jones station" a stop).
const LANDMARK_BARE_HEAD = /^[ \t]+(?:elevator|harbou?r|depot|terminal|trailhead|overlook|campground|marina|quarry|silo|bottoms|fairgrounds|lighthouse|turnoff|lookout|reservoir|memorial|heliport|helipad|airstrip|boardwalk|fürdő|jetty|slipway)(?![\p{L}\p{N}])/u;
const THE_BEFORE = /(?<![\p{L}])the[ \t]+(?:old[ \t]+|new[ \t]+)?$/iu;
// Twenty-first round: see widenPlaces. Where an address opens: a line's start, a separator, or a word that
// leads to an address; not after a bed, a room or any other word ("Bed 4 Julie").
const HOUSE_NUMBER_NEXT = /\d[A-Za-z]?[ \t]+$/;
const HOUSE_NUMBER_BEFORE =
  /(?:^|[,:;(|—–→]|(?<![\p{L}])(?:at|to|from|lives|live|living|[Aa]ddress|[Hh]ome|[Rr]esides|[Ss]taying)\b)[ \t]*((?<![\d.,/:-])\d{1,5}[A-Za-z]?[ \t]+)$/mu;
// A unit written after a street ("ap. 7", "piso 2", "lgh 1102"), one list for both tests below.
const UNIT_AFTER = String.raw`,?[ \t]+(?:ap|apt|app|appt|apartment|unit|flat|piso|lgh|et|étage|dept|depto|bl|sc)\.?[ \t]*`;
const ADDRESS_GOES_ON = new RegExp(String.raw`^(?:,[ \t]*(?:\p{Lu}|\d{3,6}[ \t]\p{Lu})|[ \t]*\([ \t]*\p{Lu}|${UNIT_AFTER}\d)`, 'iu');
const UNIT_AFTER_STREET = new RegExp(String.raw`^${UNIT_AFTER}\d{1,4}[A-Za-z]?(?![\p{L}\p{N}])`, 'iu');
// A place's own "the" in lower case, not after "of" (see widenPlaces).
const OWN_THE_BEFORE = /(?<![\p{L}])(?<!\bof[ \t]+)the[ \t]+$/u;
// Twentieth round: a name that ends in a word of the land is a place's ("Vesper Lake", "Sixmile Ferry",
// "Shad Run"): with a landmark after it or before it, it is a place even where the name rules read a person.
const GEO_WORD =
  'Lake|Ferry|Pass|Creek|River|Bend|Hollow|Springs?|Wells|Falls|Gap|Ridge|Mill|Flats|Run|Canyon|Bay|Point|Island|Valley|Summit|' +
  'Mountain|Hill|Crossing|Cove|Harbou?r|Landing|Forks?|Draw|Gulch|Butte|Mesa|Bluffs?|Narrows|Knob|Notch|Pond|Marsh|Meadows?|Woods|Prairie';
const GEO_LAST = new RegExp(`(?<![\\p{L}])(?:${GEO_WORD})$`, 'u');
const GEO_LANDMARK = new RegExp(
  `(?<![\\p{L}])(?:the[ \\t]+(?:old[ \\t]+|new[ \\t]+)?)?(?:\\p{Lu}[\\p{L}\\p{M}'’-]+[ \\t]+){1,2}(?:${GEO_WORD})[ \\t]+(?:${LANDMARK_HEAD})(?![\\p{L}\\p{N}])`,
  'gu',
);
const GEO_GATE = new RegExp(`[a-z][ \\t](?:${GEO_WORD})[ \\t]+\\p{Ll}`, 'u');
// The same where no detector found the name: "via the Okolona grain elevator", "near the Brasstown water tower".
const LANDMARK_NAMED = new RegExp(
  `(?<![\\p{L}])(?:the[ \\t]+(?:old[ \\t]+|new[ \\t]+)?)?(?:\\p{Lu}[\\p{L}\\p{M}'’-]+[ \\t]+){1,3}(?:${LANDMARK_MODIFIER.replace('|old', '')})[ \\t]+(?:${LANDMARK_HEAD})(?![\\p{L}\\p{N}])`,
  'gu',
);
const LANDMARK_GATE = new RegExp(`[ \\t](?:${LANDMARK_MODIFIER.replace('|old', '')})[ \\t]+(?:${LANDMARK_HEAD})\\b`);

// A highway exit as a place: "off exit 112", "at Exit 44B".
const EXIT = /\b(?:off|at|near|past|by)\s+(?:the\s+)?((?:[Ee]xit|EXIT|[Jj]unction|J)\s?\d{1,3}[A-Z]?)\b/g;
const EXIT_GATE = /(?:xit|XIT|unction|J)\s?\d/;

const NAMED = new Set(['PERSON', 'LOCATION', 'ORGANIZATION', 'ZIP']);
// A postcode beside a town, before its country or another line: four digits ("Kaikohe 0405"), and
// (eighteenth round) Czech, Slovak, Swedish and Greek "NNN NN", Polish "NN-NNN", Maltese letters and
// digits ("MSD 2080 Msida"), and a place's three or five digits ("Húsavík 640, Iceland").
const POSTCODE_AFTER = /^[ \t](?:\d{4}|\d{3}[ \t]\d{2}|\d{3}|\d{5})(?=,[ \t]*\p{Lu})/u;
const POSTCODE_BEFORE = /(?<![\d.,:/-])(?:\d{4}|\d{3}[ \t]\d{2}|\d{2}-\d{3}|[A-Z]{3}[ \t]\d{4})[ \t]$/;
// The shapes of two groups, a postcode's beside any name; four digits alone may be a year.
const TWO_GROUPS = /\d[ \t]\d|\d-\d|[A-Z][ \t]\d/;
const COUNTRY_NEXT = /^,[ \t]*\p{Lu}/u;
// Cheap tests first: what a landmark or a unit must end with, right before the place.
const LANDMARK_NEXT = /(?:on|at|in|off|by|near|past|beside|behind|outside|opposite|to)[ \t]+(?:the[ \t]+)?$/i;
const UNIT_NEXT = /(?:[\d½][\dA-Za-z½.-]{0,5},?|c\/o|(?<![\p{L}])[A-Z],?)\s+$/u;

/** Highway exits and named landmarks not already inside a span, in order with the rest. */
function withExits(text: string, spans: Span[]): Span[] {
  const exitGate = EXIT_GATE.test(text);
  const landmarkGate = LANDMARK_GATE.test(text);
  const geoGate = GEO_GATE.test(text);
  if (!exitGate && !landmarkGate && !geoGate) return spans;
  const found: Span[] = [];
  const cover = new SpanCover(text.length, spans);
  if (exitGate) {
    EXIT.lastIndex = 0;
    for (let m = EXIT.exec(text); m; m = EXIT.exec(text)) {
      const start = m.index + m[0].length - m[1].length;
      if (cover.free(start, start + m[1].length)) found.push({ start, end: start + m[1].length, kind: 'LOCATION', priority: 1 });
    }
  }
  if (landmarkGate) {
    LANDMARK_NAMED.lastIndex = 0;
    for (let m = LANDMARK_NAMED.exec(text); m; m = LANDMARK_NAMED.exec(text)) {
      if (cover.free(m.index, m.index + m[0].length)) found.push({ start: m.index, end: m.index + m[0].length, kind: 'LOCATION', priority: 1 });
    }
  }
  if (geoGate) {
    GEO_LANDMARK.lastIndex = 0;
    for (let m = GEO_LANDMARK.exec(text); m; m = GEO_LANDMARK.exec(text)) {
      if (cover.free(m.index, m.index + m[0].length)) found.push({ start: m.index, end: m.index + m[0].length, kind: 'LOCATION', priority: 1 });
    }
  }
  return found.length === 0 ? spans : [...spans, ...found].sort((a, b) => a.start - b.start);
}

// Sixteenth round: the town of "Keokuk Bluffs IA 52632", "New Bohemia TX 78905-9417": every
// capitalised word between the line's last comma or label and a state code before a ZIP code is
// the town, whether a detector found none of it or only its first word.
// The state codes the format patterns know, and the ones that list leaves out because they follow a
// clinician's name or read as a word there ("PA", "MD", "IN"), with the territories: before a ZIP
// code each is the state.
const STATE_CODES = new Set([...US_STATES.split('|').filter((c) => /^[A-Z]{2}$/.test(c)), 'PA', 'MD', 'IN', 'PR', 'GU', 'VI', 'AS', 'MP']);
const TOWN_STATE_BEFORE = /(?<![\p{L}\p{N}'’.-])((?:\p{Lu}[\p{L}\p{M}'’.-]*[ \t]){0,2}\p{Lu}[\p{L}\p{M}'’-]*),?[ \t]{1,2}([A-Z]{2})\.?,?[ \t]{1,2}$/u;

const TOWN_POSTCODE_BEFORE = /(?<![\p{L}\p{N}'’.-])((?:\p{Lu}[\p{L}\p{M}'’-]*[ \t]){0,2}\p{Lu}[\p{L}\p{M}'’-]*)[ \t]{1,2}$/u;

/** Towns before a state code and a ZIP code, as place spans, taking in what was found of them. */
function townsBeforeZip(text: string, spans: Span[]): Span[] {
  if (!spans.some((s) => s.kind === 'ZIP' || s.kind === 'ID')) return spans;
  const towns: Span[] = [];
  let prevEnd = 0;
  for (const s of spans) {
    if (s.kind === 'ZIP') {
      const from = Math.max(prevEnd, s.start - 48);
      const m = TOWN_STATE_BEFORE.exec(text.slice(from, s.start));
      if (m && STATE_CODES.has(m[2])) towns.push({ start: from + m.index, end: from + m.index + m[1].length, kind: 'LOCATION', priority: 1 });
    }
    // Seventeenth round: a town before a postcode of four or five digits and its country ("Saint-Flour
    // 15100, France"), whatever the postcode was read as.
    if ((s.kind === 'ZIP' || s.kind === 'ID') && /^\d{4,5}$/.test(text.slice(s.start, s.end)) && COUNTRY_NEXT.test(text.slice(s.end, s.end + 4))) {
      const from = Math.max(prevEnd, s.start - 48);
      const m = TOWN_POSTCODE_BEFORE.exec(text.slice(from, s.start));
      if (m) towns.push({ start: from + m.index, end: from + m.index + m[1].length, kind: 'LOCATION', priority: 1 });
    }
    if (!NAMED.has(s.kind) || s.kind === 'ZIP') prevEnd = s.end;
  }
  if (towns.length === 0) return spans;
  // A name or place inside a town is the town; one that starts before it keeps its text and the
  // town starts after it.
  const out: Span[] = [];
  let t = 0;
  for (const s of spans) {
    while (t < towns.length && towns[t].end <= s.start) out.push(towns[t++]);
    const town = towns[t];
    if (town && s.start >= town.start && s.end <= town.end && (s.kind === 'LOCATION' || s.kind === 'PERSON' || s.kind === 'ORGANIZATION')) continue;
    if (town && s.start < town.start && s.end > town.start) towns[t] = { ...town, start: s.end };
    out.push(s);
  }
  while (t < towns.length) out.push(towns[t++]);
  return out.filter((s) => s.start < s.end).sort((a, b) => a.start - b.start);
}

// Eighteenth round: a street and its house number right after an address cue, written in the
// European order or without a street word ("lives Orechová cesta 7", "bytem Palackého 1204", "lived
// at Školská 908", "Last address Husova 1123/8", "home Cerska 49", "Address is ul. Lwowska 88/12",
// "lived at 791 Knoblauchweg"): no list knows the street's name, but the cue, the number and the
// comma or line end after them make it an address. A day, a month or a bed is never a street. Every
// run of blanks is bounded: a cue before thousands of blanks is read in linear time.
const STREET_AFTER_CUE = new RegExp(
  '(?<![\\p{L}])(?:[Ll]ives|[Ll]ived|[Ll]iving|[Rr]esides|[Rr]esided|[Rr]esiding|[Hh]ome|[Aa]ddress(?:[ \\t]{1,3}is)?|ADDRESS|bytem|bydlisko|zam\\.|[Aa]dres|Adresse|[Dd]omicilio|[Dd]irección|[Ee]ndereço|[Mm]orada)' +
    '(?:[ \\t]{1,3}(?:at|in|on))?[ \\t]{0,3}:?[ \\t]{1,3}' +
    '((?:(?:ul\\.|ulica|al\\.|aleja|szosa|droga|wyb\\.|os\\.|pl\\.|nám\\.|trg)[ \\t]{1,3})?(?:\\d{1,2}\\.[ \\t]{1,3})?' +
    "(?:\\p{Lu}[\\p{L}\\p{M}'’.-]*(?:[ \\t]{1,3}[\\p{L}\\p{M}'’.-]+){0,2}[ \\t]{1,3}\\d{1,5}[a-zA-Z]?(?:\\/\\d{1,4}[a-zA-Z]?)?|\\d{1,5}[a-zA-Z]?[ \\t]{1,3}\\p{Lu}[\\p{L}\\p{M}'’-]+(?:[ \\t]{1,3}\\p{Lu}[\\p{L}\\p{M}'’-]+){0,2})" +
    '(?:[ \\t]{1,3}lgh[ \\t]{0,3}\\d{3,4}|,[ \\t]{0,3}(?:\\d{1,2}|st)\\.[ \\t]{0,3}(?:tv|th|mf)\\.?)?)(?=[ \\t]{0,3}[,;]|[ \\t]{0,3}$)',
  'gmu',
);
const STREET_CUE_GATE = /[Ll]iv(?:es|ed|ing)\b|[Rr]esid|[Hh]ome\b|[Aa]ddress|ADDRESS|bytem|bydlisko|zam\.|[Aa]dres\b|[Aa]dresse|omicilio|irección|ndereço|[Mm]orada/;
const NOT_A_STREET = /^(?:Day|Days|Week|Weeks|Month|Months|Year|Years|Bed|POD|Post-op|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b/;

/**
 * Streets after an address cue, as place spans; a name or place found inside one becomes part of it.
 * `spans` must be sorted by start and apart, as mergeSpans leaves them (the overlap test searches them).
 */
function streetsAfterCue(text: string, spans: Span[]): Span[] {
  if (!STREET_CUE_GATE.test(text)) return spans;
  const found: Span[] = [];
  const dropped = new Set<Span>();
  STREET_AFTER_CUE.lastIndex = 0;
  for (let m = STREET_AFTER_CUE.exec(text); m; m = STREET_AFTER_CUE.exec(text)) {
    const start = m.index + m[0].length - m[1].length;
    const end = m.index + m[0].length;
    const name = m[1].replace(/^\d+[a-zA-Z]?[ \t]+/, '');
    // "Home: Metoprolol 25;", "Home Lasix 40,": a home medication and its dose, not a street.
    if (NOT_A_STREET.test(name) || isMedicalTerm(name.split(/[ \t]/)[0].toLowerCase())) continue;
    // The spans that meet it (the merged spans are sorted and apart: a binary search finds the first).
    let lo = 0;
    for (let hi = spans.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (spans[mid].end <= start) lo = mid + 1;
      else hi = mid;
    }
    const meeting: Span[] = [];
    for (let k = lo; k < spans.length && spans[k].start < end; k++) if (spans[k].end > start) meeting.push(spans[k]);
    // Any other identifier inside or across it (a date, a phone), or a name across its end: left
    // alone. A name that takes in the cue ("Lives Dlouhošťská" read as a person) is the street's.
    if (meeting.some((s) => !NAMED.has(s.kind) || s.end > end || (s.start < start && s.start < m!.index))) continue;
    for (const s of meeting) dropped.add(s);
    found.push({ start, end, kind: 'LOCATION', priority: 1 });
  }
  if (found.length === 0) return spans;
  return [...spans.filter((s) => !dropped.has(s)), ...found].sort((a, b) => a.start - b.start);
}

/**
 * Widens place spans with the address lines, units and landmarks written around them. A name or
 * place found inside those lines ("Basement" of "Basement flat", "Ulaanbaatar Gudamj") becomes part
 * of the one place; any other identifier (a phone, a date) bounds it.
 */
export function widenPlaces(text: string, spans: Span[]): Span[] {
  if (!spans.some((s) => NAMED.has(s.kind)) && !EXIT_GATE.test(text) && !STREET_CUE_GATE.test(text)) return spans;
  const out: Span[] = [];
  // The end of the last identifier that is no name or place: what a widening may not cross (kept as
  // it goes; walking back over a long run of names for each span was quadratic).
  let floor = 0;
  for (let s of withExits(text, townsBeforeZip(text, streetsAfterCue(text, spans)))) {
    if (!NAMED.has(s.kind)) floor = Math.max(floor, s.end);
    if (s.kind === 'LOCATION' || s.kind === 'ORGANIZATION' || s.kind === 'PERSON') {
      const before = text.slice(Math.max(floor, s.start - 80), s.start);
      // Twenty-first round: a house number before a name where an address opens is the street's ("at 43
      // Vojo de Becker", "Address | 2 Harbourmaster Steps", ", 1889 Placo de Leopoldino"), whatever the
      // name rules read it as; with the unit written after it ("18 Strada Avram Iancu, ap. 7").
      if (s.kind !== 'ORGANIZATION' && HOUSE_NUMBER_NEXT.test(before)) {
        const house = HOUSE_NUMBER_BEFORE.exec(before);
        // Review of the round: only where the address goes on after the street (a town after a comma, a
        // neighbourhood in brackets, a postcode, a unit), and not a time ("0800 Kowalczyk RN", "at 1530 Okafor,
        // registrar", "Referred to 2 Hopkins surgeons").
        if (house && !/^(?:[01]\d|2[0-3])[0-5]\d[ \t]*$/.test(house[1]) && ADDRESS_GOES_ON.test(text.slice(s.end, s.end + 24))) {
          s = { ...s, start: s.start - house[1].length, kind: 'LOCATION' };
          const unit = UNIT_AFTER_STREET.exec(text.slice(s.end, s.end + 24));
          if (unit) s = { ...s, end: s.end + unit[0].length };
        }
      }
      const geo = s.kind === 'PERSON' && GEO_LAST.test(text.slice(s.start, s.end));
      const landmark = (s.kind !== 'PERSON' || geo) && LANDMARK_NEXT.test(before) ? LANDMARK_BEFORE.exec(before) : null;
      const unit = s.kind === 'LOCATION' && UNIT_NEXT.test(before) ? UNIT_BEFORE.exec(before) : null;
      if (landmark) s = { ...s, start: s.start - landmark[0].length, kind: 'LOCATION' };
      else if (unit) s = { ...s, start: s.start - unit[0].length };
      // A landmark named after the place or name ("Lost Springs rodeo grounds"), and its "the".
      const after = text.slice(s.end, s.end + 32);
      const landmarkAfter = LANDMARK_AFTER.exec(after);
      // After a name the rules read as a person, a bare head needs "the" before it ("the Millrace flats")
      // or a word of the land at the name's end ("Vesper Lake dam").
      if (
        landmarkAfter &&
        (landmarkAfter[0].trim().includes(' ') || s.kind !== 'PERSON' || LANDMARK_BARE_HEAD.test(after) || geo || THE_BEFORE.test(text.slice(Math.max(floor, s.start - 12), s.start)))
      ) {
        s = { ...s, end: s.end + landmarkAfter[0].length, kind: 'LOCATION' };
        const the = THE_BEFORE.exec(text.slice(Math.max(floor, s.start - 12), s.start));
        if (the) s = { ...s, start: s.start - the[0].length };
      } else if (s.kind === 'LOCATION' || (s.kind === 'PERSON' && !/\s/.test(text.slice(s.start, s.end)))) {
        // Twenty-first round: a place's "the" in lower case is part of its name as a labeller writes it
        // ("the Medina", "the Bronx"); one word the rules read as a person there is a place as often.
        // Not after "of": "Chick Mission of the Ozarks" is read as one name from its "of the".
        const the = OWN_THE_BEFORE.exec(text.slice(Math.max(floor, s.start - 9), s.start));
        if (the) s = { ...s, start: s.start - the[0].length };
      }
      // A postcode of four digits beside a town written before its country or region ("Kaikohe 0405,
      // New Zealand", "6940 Merweville, South Africa") is part of the place, and a town the name rules
      // read as a person is a place there; not a year before a town ("since 2019 Dublin, …").
      {
        const after = POSTCODE_AFTER.exec(text.slice(s.end, s.end + 12));
        const before = POSTCODE_BEFORE.exec(text.slice(Math.max(floor, s.start - 10), s.start));
        // Four digits after any name; two groups after a name or place; three or five digits after a place.
        const afterOk = after !== null && (/^[ \t]\d{4}$/.test(after[0]) || (s.kind !== 'ORGANIZATION' && (s.kind === 'LOCATION' || TWO_GROUPS.test(after[0]))));
        // Two groups before a name or place; four digits before one only when a country follows, and not a year.
        const beforeOk = before !== null && (TWO_GROUPS.test(before[0]) ? s.kind !== 'ORGANIZATION' : !/^(?:19|20)\d\d/.test(before[0]) && COUNTRY_NEXT.test(text.slice(s.end, s.end + 4)));
        if (afterOk) s = { ...s, end: s.end + after[0].length, kind: 'LOCATION' };
        else if (beforeOk) s = { ...s, start: s.start - before[0].length, kind: 'LOCATION' };
      }
      let lines: Span | undefined;
      if (s.kind === 'LOCATION' && STATE_AFTER.test(text.slice(s.end, s.end + 16))) lines = linesBefore(text, s, floor);
      const from = lines?.start ?? s.start;
      // Spans now inside the widened place are part of it.
      while (out.length > 0 && out[out.length - 1].start >= from) out.pop();
      if (lines) {
        const last = out[out.length - 1];
        if (last && last.end > lines.start) lines = { ...lines, start: last.end };
        // Nothing left of the lines once the span before them is kept.
        if (lines.start < lines.end) out.push(lines);
      }
    }
    out.push(s);
  }
  return out;
}
