/**
 * Capitalised medical words that look like names to an NLP tagger: eponyms (diseases, signs,
 * scores), brand and generic drug names. Eponyms that are also common surnames (Wilson, Turner,
 * Bell) are left out: those count as eponyms only before a medical head noun (name-detector.ts). They are never treated as
 * people or places, so the model still reads "Parkinson's disease" and "Lasix". The list is
 * ours and deliberately small; RECALL.md reports how many medical words are still replaced.
 */
import { hasClinicalShape, hasDrugShape, isLearnedAdjective, memo } from './clinical-morphology';
import { isCredential } from './credentials';
import { DRUG_NAMES, MORE_BRANDS, PRODUCT_NAMES } from './drug-names';
import { NAME_WORDS } from './gazetteer-data';
import { namedTermRanges, NamedTermTests, termCodeRanges } from './named-terms';
import { PLACE_CUE_BEFORE } from './residence-cues';
import { CYRILLIC_OR_GREEK_WORD, latinSpellings } from './transliterate';

const TERMS = `
addison alzheimer apgar asperger babinski bartter bence behcet brugada buerger burkitt chagas
charcot cheyne creutzfeldt crohn cushing dandy devic dubin duchenne dupuytren ebstein ehlers
danlos epstein barr fabry fanconi felty foley friedreich gaucher goodpasture graves
guillain barré barre hashimoto heberden hirschsprung hodgkin horner huntington hurler kaposi
kawasaki klinefelter korsakoff kussmaul legionella lewy lyme marfan meckel meige meniere ménière
nissen paget parkinson parkinsonism peyronie pott prinzmetal raynaud reye schilling sjogren
sjögren sturge takayasu tietze tinel phalen tourette von willebrand waldenström waldenstrom
wegener wernicke whipple wilms parkinson zollinger ellison apache pugh meld nyha gcs
killip mallampati gleason breslow valsalva trendelenburg kernig brudzinski rinne mcburney
rovsing metformin insulin glargine lispro aspart detemir lantus humalog novolog levemir ozempic
semaglutide liraglutide victoza trulicity dulaglutide jardiance empagliflozin farxiga
dapagliflozin januvia sitagliptin glipizide glyburide pioglitazone lisinopril enalapril ramipril
losartan valsartan amlodipine nifedipine diltiazem verapamil metoprolol atenolol carvedilol
bisoprolol propranolol hydrochlorothiazide chlorthalidone furosemide lasix bumetanide torsemide
spironolactone eplerenone atorvastatin lipitor rosuvastatin crestor simvastatin pravastatin
ezetimibe aspirin clopidogrel plavix ticagrelor brilinta prasugrel warfarin coumadin apixaban
eliquis rivaroxaban xarelto dabigatran pradaxa heparin enoxaparin lovenox digoxin amiodarone
sotalol flecainide levothyroxine synthroid methimazole prednisone prednisolone
methylprednisolone dexamethasone hydrocortisone albuterol ventolin salbutamol tiotropium spiriva
fluticasone advair symbicort budesonide montelukast singulair omeprazole pantoprazole
esomeprazole nexium lansoprazole famotidine ondansetron zofran metoclopramide reglan amoxicillin
augmentin azithromycin zithromax doxycycline ceftriaxone cefazolin cephalexin keflex
ciprofloxacin levofloxacin vancomycin piperacillin tazobactam zosyn meropenem clindamycin
metronidazole flagyl nitrofurantoin macrobid trimethoprim sulfamethoxazole bactrim fluconazole
acyclovir valacyclovir oseltamivir tamiflu paxlovid remdesivir gabapentin neurontin pregabalin
lyrica tramadol oxycodone hydrocodone morphine fentanyl dilaudid hydromorphone acetaminophen
tylenol paracetamol ibuprofen advil motrin naproxen aleve celecoxib celebrex sertraline zoloft
fluoxetine prozac escitalopram lexapro citalopram paroxetine venlafaxine effexor duloxetine
cymbalta bupropion wellbutrin mirtazapine trazodone quetiapine seroquel olanzapine zyprexa
risperidone risperdal aripiprazole abilify haloperidol haldol lithium lamotrigine lamictal
levetiracetam keppra valproate depakote carbamazepine tegretol phenytoin dilantin topiramate
donepezil aricept memantine namenda levodopa carbidopa sinemet pramipexole ropinirole rasagiline
lorazepam ativan alprazolam xanax clonazepam klonopin diazepam valium zolpidem ambien melatonin
methotrexate hydroxychloroquine plaquenil adalimumab humira etanercept enbrel infliximab
remicade rituximab tamoxifen letrozole anastrozole allopurinol colchicine febuxostat alendronate
fosamax tamsulosin flomax finasteride sildenafil viagra tadalafil cialis oxybutynin ferrous
epinephrine norepinephrine vasopressin dobutamine dopamine naloxone narcan keytruda
pembrolizumab nivolumab opdivo herceptin trastuzumab abvd chop cisplatin carboplatin covid
influenza hepatitis coronavirus medicare medicaid tylenol benadryl zyrtec claritin aureus coli pneumoniae difficile
epidermidis faecalis faecium pyogenes agalactiae influenzae aeruginosa cepacia maltophilia marcescens mirabilis albicans glabrata
jirovecii pylori gonorrhoeae trachomatis pallidum burgdorferi monocytogenes
spina bifida sucrose dextrose glucose
kerlix xeroform tegaderm aquacel mepilex mepitel allevyn duoderm kaltostat silvadene telfa coban dermabond prolene vicryl
monocryl ethilon bair hugger guedel dobhoff yankauer ambu venturi hemovac coudé coude broviac mediport steri-strips
pyxis omnicell alaris impella shingrix prevnar pneumovax flovent bovie medtronic ethicon
wound-vac prevena angiocath hospira accu-chek glucometer dexcom omnipod medela lactaid pedialyte glucerna nepro jevity osmolite
dopplex bladderscan spirometer voldyne passy-muir scds thromboembolic lexiscan cardiolite definity optison isovue omnipaque
visipaque gastrografin rh kt abo
`;

const NAME_SET = new Set(NAME_WORDS.split(' '));
// Drugs alone (brands and generics of the list), for a brand named before its generic in brackets.
// MORE_BRANDS is not in SET: a word of SET is never a name anywhere in a note, and brands such as
// "Rennie", "Evra" or "Mirena" are also people's names; they are drugs by their context only (a dose
// after them, "on", a verb that gives a drug, a list of drugs, a generic in brackets).
const DRUG_SET = new Set(`${DRUG_NAMES} ${MORE_BRANDS}`.split(/\s+/).filter((w) => w !== '' && !NAME_SET.has(w)));
const SET = new Set([...TERMS.split(/\s+/), ...`${DRUG_NAMES} ${PRODUCT_NAMES}`.split(/\s+/).filter((w) => !NAME_SET.has(w))].filter(Boolean));

// Word tests are remembered (memo, in clinical-morphology.ts).
const MEDICAL_MEMO = new Map<string, boolean>();
const CLINICAL_MEMO = new Map<string, boolean>();
export { memo };

/** True when every word of the value is a known medical term (case-insensitive). */
export function isMedicalTerm(value: string): boolean {
  return memo(MEDICAL_MEMO, value, medicalTerm);
}

function medicalTerm(value: string): boolean {
  // A hyphenated brand is one word of the list ("Solu-Medrol", "Gonal-f"), or each of its parts is.
  const words = value
    .toLowerCase()
    .split(/[\s'’]+/)
    .map((w) => w.replace(/[^a-zà-ÿ-]/g, ''))
    .filter((w) => w.length > 0 && w !== 's' && w !== '-');
  return words.length > 0 && words.every((w) => SET.has(w) || SET.has(w.replace(/-/g, '')) || w.split('-').every((p) => p.length === 0 || SET.has(p) || romanceDrug(p)) || romanceDrug(w));
}

// A drug named in Spanish, Portuguese or Italian ("amiodarona", "metformina", "insulina",
// "varfarina"): the English name with the Romance ending, or the same name with "w" written "v".
function romanceDrug(word: string): boolean {
  if (word.length < 7 || !/[ao]$/.test(word) || NAME_SET.has(word)) return false;
  const stem = word.slice(0, -1);
  for (const form of [stem, `${stem}e`, stem.replace(/^v/, 'w'), `${stem.replace(/^v/, 'w')}e`]) if (SET.has(form) || hasClinicalShape(form)) return true;
  return false;
}

// Clinical nouns and adjectives that turn up in Title Case ("Heart Failure", "Blood Cultures").
// A name never contains one, so an NLP or capitalised-run candidate holding one is dropped.
const CLINICAL_WORDS = new Set(
  `disease diseases disorder syndrome failure fraction capacity monitor therapy pathology language
  speech physical occupational respiratory acute chronic acquired community diabetes mellitus
  diabetic pneumonia blood cultures culture heart kidney renal hepatic liver lung lungs pulmonary
  cardiac ultrasound scan imaging receptor antibody antigen vital forced ejection infection
  insufficiency fibrillation flutter hypertension cancer carcinoma tumor tumour lymphoma leukemia
  anemia anaemia stroke attack arrest embolism thrombosis fracture injury sepsis shock panel count
  level levels function test tests score scale stage class grade type unit units care department
  service services team rehab rehabilitation clinic ward ecg ekg mri ct echo echocardiogram
  x-ray xray biopsy infusion dialysis transfusion vaccine vaccination protocol assessment plan
  history examination exam impression diagnosis prognosis medication medications allergy allergies
  consult consultation follow-up followup discharge admission admitted emergency intensive`.split(/\s+/),
);
// Symptoms, which a list of findings names ("1. pain, nausea") but which also end facility names
// ("Harbor Headache Center"): never a person, yet not dropped from every candidate as clinical words are.
const SYMPTOM_WORDS = new Set(
  `pain nausea vomiting fever fevers cough rash fatigue dizziness headache headaches diarrhea diarrhoea constipation swelling
  bleeding weakness numbness tingling itching chills malaise dyspnea dyspnoea wheeze wheezing anxiety depression insomnia
  edema oedema cramps cramping seizure seizures syncope palpitations jaundice bruising`.split(/\s+/),
);
/** A symptom word ("pain", "nausea"). */
export function isSymptomWord(word: string): boolean {
  return SYMPTOM_WORDS.has(word.toLowerCase());
}
const CLINICAL_SUFFIX =
  /(?:itis|osis|aemia|emia|pathy|ology|ectomy|otomy|ostomy|scopy|plasty|graphy|algia|uria|plegia|penia|cytosis|ectasis|trophy|ism|asthenia|plasia|megaly)$/;

/** True when some word of the value is a clinical noun or carries a medical suffix. */
export function hasClinicalWord(value: string): boolean {
  return memo(CLINICAL_MEMO, value, clinicalWord);
}

function clinicalWord(value: string): boolean {
  return value
    .toLowerCase()
    .split(/[\s,]+/)
    .map((w) => w.replace(/[^a-z-]/g, ''))
    .some((w) => CLINICAL_WORDS.has(w) || (w.length > 6 && CLINICAL_SUFFIX.test(w)));
}

// Clinical terms named after people or places, protected as whole phrases so that the place or
// person word in them is never replaced ("Jackson-Pratt drain", "Seattle protocol"), while the
// same word elsewhere ("Mr. Jackson", "moved to Seattle") still is. Matched case-insensitively.
const PROTECTED_PHRASES = `
jackson-pratt|swan-ganz|sengstaken-blakemore|roux-en-y|cheyne-stokes|guillain-barré|guillain-barre|epstein-barr|stevens-johnson
wolff-parkinson-white|creutzfeldt-jakob|charcot-marie-tooth|osgood-schlatter|legg-calvé-perthes|legg-calve-perthes|salter-harris
mallory-weiss|budd-chiari|arnold-chiari|dandy-walker|peutz-jeghers|li-fraumeni|dubin-johnson|crigler-najjar|tay-sachs|niemann-pick
fitz-hugh-curtis|rosai-dorfman|kaplan-meier|ziehl-neelsen|howell-jolly|reed-sternberg|glasgow-blatchford|harvey-bradshaw
lown-ganong-levine|blalock-taussig|austin flint|sister mary joseph|grey turner|bence jones|hoehn and yahr|lund and browder
west nile|rocky mountain spotted fever|rocky mountain|lyme disease|lyme|norwalk|coxsackie|ebola|marburg|zika|lassa|hantavirus
ann arbor|boston bowel|boston brace|denver shunt|denver developmental|minnesota tube|seattle protocol|milwaukee brace
philadelphia collar|miami j|aspen collar|ottawa ankle|ottawa knee|san francisco syncope|canadian c-spine|mediterranean diet
spanish flu|japanese encephalitis|st. louis encephalitis|montreal cognitive|edinburgh postnatal|bristol stool|geneva score
padua score|mayo score|duke criteria|jones criteria|light criteria|light's criteria|richmond agitation|glasgow coma
apgar|whipple|tanner stage|gleason|breslow|clark level|mallampati|wells score|wells criteria|ranson|child-pugh|child pugh|meld
braden|morse fall|bishop score|centor|curb-65|alvarado|caprini|rockall|killip|nyha|rankin|barthel|karnofsky|ecog|apache
fontan|glenn shunt|norwood|bentall|hartmann|kasai|ivor lewis|pfannenstiel|kocher|mcburney|nissen|billroth|port-a-cath|pleur-x
tenckhoff|groshong|quinton|hickman|foley|jobst|unna boot|ilizarov|harrington rod|thomas splint|holter|doppler|gram stain
papanicolaou|pap smear|tetralogy of fallot|mobitz|wenckebach|brugada|tinel|phalen|mcmurray|lachman|romberg|trendelenburg
valsalva|heimlich|kussmaul|chvostek|trousseau|homan|homans|cullen|murphy's sign|murphy sign|kernig|brudzinski|babinski|apley
finkelstein|spurling|allen test|adson|thompson test|ortolani|barlow|moro reflex|virchow|auer rods|lewy body|von willebrand
waldenström|waldenstrom|cori cycle|beck triad|whipple triad|addisonian|cushingoid|parkinsonian|essure|mirena|nexplanon
picc line|tdap|down syndrome|turner syndrome|klinefelter|marfan|tourette|huntington|kawasaki|kaposi|burkitt|wilms|ewing
hodgkin|non-hodgkin|crohn|addison|cushing|parkinson|alzheimer|hashimoto|graves|sjögren|sjogren|raynaud|paget|dupuytren|colles
smith fracture|weber b|weber c|lisfranc|bankart|baker cyst|baker's cyst|charcot|hirschsprung|meckel|barrett|bell's palsy|bell palsy
wernicke|korsakoff|chiari|ebstein|eisenmenger|lutembacher|boerhaave|zenker|plummer-vinson|lynch syndrome|gilbert syndrome
gilbert's syndrome|wilson disease|wilson's disease|menkes|fabry|gaucher|pompe|hurler|hunter syndrome|bartter|gitelman|liddle
conn syndrome|conn's syndrome|sheehan|kallmann|asherman|meigs|behçet|behcet|takayasu|buerger|kimura|castleman|legionella
legionnaires|ludwig angina|ludwig's angina|bowen disease|bowen's disease|cooley|fanconi|diamond-blackfan|dressler|kartagener
prinzmetal|takotsubo|stokes-adams|adams-stokes|still's disease|still disease|reiter|sézary|sezary|hutchinson|argyll robertson
horner|brown-séquard|brown-sequard|bell's|parinaud|marcus gunn|holmes-adie|adie|weber test|rinne|dix-hallpike|epley|ménière|meniere
lactated ringer|lactated ringer's|ringer's lactate|ringer lactate|ringer's solution|hartmann's solution|torsades de pointes|factor v leiden
middle east respiratory syndrome|declaration of helsinki|belmont report|nuremberg code|common rule|st. john's wort|st john's wort
new york heart association|canadian cardiovascular society|rift valley fever|crimean-congo|kyasanur forest|murray valley|ross river
barmah forest|omsk|nipah|hendra|powassan|la crosse|eastern equine|western equine|venezuelan equine|tick-borne encephalitis
q fever|mediterranean spotted fever|oroya fever|carrion's disease|madura foot|gulf war syndrome|stockholm syndrome|munchausen
münchausen|jerusalem syndrome|othello syndrome|alice in wonderland syndrome|pickwickian|jervell and lange-nielsen
cockcroft-gault|cockcroft gault|calvert formula|karvonen|christmas disease|todd's paresis|todd paresis|todd's palsy|whitfield's ointment
borg rpe|borg scale|lake louise score|banff borderline|banff classification|junctional scotoma of traquair|zander therapy|hubbard tank
ramachandran mirror box|mirror box|kylie sheet|sara stedy|webster pack|dosette box|seattle foot|c-leg|rheo knee|pro-flex foot
infant flow|kendrick extrication device|trevo retriever|aquacel|ora-sweet|ora-plus|pen-vee k|abilify maintena|biodone forte
medical certificate of cause of death|cremation form|ship captain's medical guide|international medical guide for ships
amputee mobility predictor|mean deviation|pattern standard deviation|inventory of complicated grief|prolonged grief disorder
stugeron|thymoglobulin|simulect|buvidal|flexeril|elastoplast|sintrom|dramamine|sinemet|urimax|babytherm|babypod|genium
`;
const MULTIWORD_OR_UNAMBIGUOUS = (p: string) => /[\s-]/.test(p) || !NAMES.has(p);
// Bare eponyms used alone in notes as often as with their head noun ("Foley out", "s/p Whipple").
// Not "Glasgow", a city of 600,000: the scale is kept as "Glasgow Coma Scale", "GCS" or "Glasgow 15".
const MEDICAL_ONLY = new Set('apgar whipple foley holter doppler ebola coxsackie norwalk lyme zika hantavirus mallampati gleason breslow ranson'.split(' '));
const HEAD_CANDIDATE = /\p{L}+/gu;
const PHRASES = PROTECTED_PHRASES.split(/[|\n]/)
  .map((p) => p.trim())
  .filter(Boolean);
// The phrase regex is tried only where a word opens some phrase ("rocky", "jackson", "st"): sticky
// attempts at a few words instead of a 300-phrase alternation at every position of the note.
const PHRASE_FIRST_WORDS = new Set(PHRASES.map((p) => p.split(/[^\p{L}]/u)[0]));
const PROTECTED_AT = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...PHRASES]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()[\]\\]/g, '\\$&').replace(/'/g, "['’]").replace(/ /g, '\\s+'))
    .join('|')})(?:['’]s)?(?![\\p{L}\\p{N}])`,
  'iuy',
);

/**
 * A listed clinical phrase of more than one word opens at `at` ("Wells score", "Lyme disease"):
 * its words are the term's there even when the same word names a person or a place elsewhere in
 * the note ("Pahrump Wells Regional Airport" … "Wells score 4").
 */
export function opensListedPhrase(text: string, at: number): boolean {
  PROTECTED_AT.lastIndex = at;
  const m = PROTECTED_AT.exec(text);
  return m !== null && /[\s-]/.test(m[0]);
}

function protectedPhrases(text: string, words: RegExpExecArray[]): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let after = 0;
  for (const w of words) {
    if (w.index < after || !PHRASE_FIRST_WORDS.has(w[0].toLowerCase())) continue;
    PROTECTED_AT.lastIndex = w.index;
    const m = PROTECTED_AT.exec(text);
    if (m) {
      out.push(m);
      after = m.index + m[0].length;
    }
  }
  return out;
}

// A capitalised word (or hyphenated pair) right before one of these is an eponym or a place-named
// term, not a person or a place: "Hoehn stage", "Tenckhoff catheter", "Kimura disease".
const HEAD_NOUN =
  'disease|syndrome|lymphoma|sarcoma|palsy|sign|signs|test|score|scale|criteria|class|classification|stage|staging|catheter|drain|tube|shunt|' +
  'protocol|maneuver|manoeuvre|reflex|phenomenon|fracture|ulcer|tumou?r|procedure|operation|disorder|triad|law|node|nodule|cell|cells|' +
  'ratio|equation|formula|index|granuloma|aneurysm|anomaly|malformation|block|murmur|stain|encephalopathy|' +
  'encephalitis|dementia|thyroiditis|chorea|esophagus|oesophagus|virus|fever|flu|solution|bundle|incision|collar|brace|splint|' +
  'stockings|frame|rod|boot|diet|rules?|cycle|crisis|contracture|diverticulum|lesion|cyst|injury|gait|features|respirations|breathing|' +
  'circulation|fundoplication|esophagectomy|gastrectomy|bypass|smear|protein|rods|tear|arteritis|angina|pattern|chart|assessment|' +
  'thickness|depth|grade|questionnaire|inventory|valve|needle|forceps|clamp|retractor|tenaculum|speculum|' +
  'hernia|cardiomyopathy|anemia|anaemia|macroglobulinemia|tremor|neuroma|neuralgia|neuropathy|dystrophy|ataxia|aphasia|nerve|canal|duct|gland|' +
  'ligament|tendon|pouch|fossa|method|technique|approach|repair|flap|graft|tract|spot|spots|ring|rings|nodes|phenomena|curve|fistula|lens|' +
  'harness|dissection|system|blade|airway|sump|mask|suction|bag|vaccine|tool|guidelines?|definition|model|paralysis|reaction|' +
  'abscess|pentad|lesions|gangrene|carcinoma|pupil|category|pump|dressing|sheath|stent|clip|hernia|myotomy|tenosynovitis|' +
  'traction|maneuvers|manoeuvres|stand|screening|nomogram|plates|lamp|glands|position|tonometry|sedation|packing|bodies|' +
  // Instruments, devices and findings named after people ("Metzenbaum scissors", "Hegar dilator",
  // "Kerley B lines", "Koplik spots", "Quincke pulse", "Nuss bar", "Mohs surgery").
  'scissors|dilator|dilators|elevator|rongeur|hemostat|holder|trocar|cautery|sounds|sound|pulse|papules|nails|striae|zones|space|bar|' +
  'patch|device|surgery|cast|casting|purpura|contractions|pad|bulb|crunch|hook|curette|wire|pins|bougie|tip|mattress|switch|loop|' +
  'lines|line|units|nodules|splinting|osteotomy|elevation|hemostats|forceps|reflexes|response|syndromes|bands|band|cannula|port|' +
  // Instruments of assessment and parts of an operation ("Boston Naming Test", "SLUMS exam",
  // "Michigan Neuropathy Screening Instrument", "Bruce protocol", "Glenn anastomosis").
  'exam|examination|instrument|battery|rating|survey|measure|screen|screener|checklist|profile|algorithm|pathway|regimen|tests|' +
  'anastomosis|release|transfer|reconstruction|implant|prosthesis|catheterization|electrode|lead|stylet|introducer|balloon|coil|' +
  'filter|staple|stapler|suture|stitch|knot|gauze|sling|cushion|syringe|nebulizer|monitor|bed|frame|jacket|orthosis|shoe|splints|' +
  'hemorrhage|haemorrhage|cirrhosis|ileus|hepatitis|pneumonia|infection|hemangioma|polyp|polyps|stricture|malformation|effect|' +
  // Anatomy and findings named after people ("Gerota fascia", "Calot triangle", "Kiesselbach plexus",
  // "Hollenhorst plaque", "Mulder click", "Sprengel deformity", "Hoffmann fixator").
  'fascia|plexus|triangle|capsule|membrane|membranes|dehiscence|corpuscles|cave|fibers|fibres|crystals|spirals|streaks|streak|' +
  'plaque|plaques|click|deformity|deformities|trichrome|pin|fixator|walker|tongs|vest|stripping|' +
  // Stages of an operation after the surgeon's name ("Hartmann reversal", "Kock pouch takedown").
  'reversal|takedown|revision|conversion|' +
  // Seventh round: more things and findings named after people ("Bosworth screw", "Wharton jelly",
  // "Krukenberg spindle", "Richter transformation", "Philadelphia chromosome"). Not "area", "point",
// "view" or "body", which follow places and groups as often ("the Kansas City area").
  'screw|screws|jelly|spindle|transformation|chromosome|translocation|granules|nucleus|apparatus|artery|' +
  'vein|foramen|tubercle|disc|sac|bursa|sphincter|ganglion|hypothesis|principle|' +
  // Eighth round, from a list of eponyms written apart from every evaluation part ("Negri body",
  // "Pierre Robin sequence", "Capgras delusion", "Ghon complex", "Modic changes", "Amsler grid").
  'body|sequence|triage|rosettes|rosette|hump|degeneration|forces|waves|wave|changes|complex|delusion|mechanism|' +
  'exercises|exercise|phenotype|scales|grid|association|anomalad|deficiency|paradox|variant|sensation|' +
  // Thirteenth round: blood group systems and tonometry ("Lewis antibodies", "Kidd antigen typing",
  // "anti-K (Kell)" is kept by the blood group list below), "Goldmann applanation", "Ghent nosology".
  'antibodies|antibody|antigen|antigens|typing|applanation|nosology|' +
  // Sixteenth round: devices and measures named by their maker or deviser ("Precision Xtra meter",
  // "Quadrox-iD oxygenator", "Jamar dynamometer", "Fridericia correction", "Plastazote inserts").
  'meter|oxygenator|dynamometer|processor|insert|inserts|correction|goniometer|caliper|calipers|oximeter|thermometer|' +
  // Seventeenth round: things and findings named after people ("Makler chamber", "Carhart notch",
  // "Broda chair", "Hoyer lift", "Posey belt", "Herbert's pits", "Ondine's curse", "Maddocks questions").
  'chamber|notch|chair|lift|hoist|belt|pits|curse|fingers|layer|atlas|questions|morphology|' +
  'sphygmomanometer|otoscope|ophthalmoscope|laryngoscope|bronchoscope|endoscope|incubator|ventilator|humidifier|concentrator|' +
  // Eighteenth round: a grading, a flowmeter, a sleep study's montage, and a tuning fork test's
  // verdict ("Gardner grading", "Porter flowmeter", "AASM montage", "Weber lateralises left").
  'grading|flowmeter|montage|lateralises|lateralizes|lateralising|lateralizing|' +
  // Twentieth round: things named by their maker or deviser and folk and flare terms ("Tofflemire matrix",
  // "Gates Glidden drill", "Velcro strap", "Hemonetics cooler", "Epsom salts", "Dover powder", "Sitz bath",
  // "Luer lock", "Lycra sleeve", "Crohn flare"); only in lower case (LOWER_ONLY_HEADS).
  'matrix|drill|strap|straps|cooler|salts|powder|bath|lock|sleeve|insoles|insole|loader|massage|belly|flare|flares|' +
  // Twenty-first round: operations, aids and findings named by a person or a place ("Chopart amputation", "Paris
  // plaster", "Jersey finger", "Lugol iodine", "Iceross liner", "Florence Nightingale pledge", "Montgomery tubercles",
  // "Pinard stethoscope"); everyday ones only after a list's separator or a determiner (EVERYDAY_HEADS).
  'amputation|plaster|finger|iodine|liner|liners|pledge|tubercles|stethoscope|foot|eye|tape|card|mat|pendant|horse|period|template|' +
  // Operations and conditions by their suffix ("Heller myotomy", "de Quervain tenosynovitis").
  '\\p{Ll}{3,}(?:itis|osis|ectomy|otomy|ostomy|plasty|pathy|algia|emia|aemia|asthenia|plasia|ectasia|megaly|pexy|rrhaphy|cleisis|suspension)';
// "Braden Scale", "Apgar Score": a head noun in Title Case is the same head noun, on the same
// line ("Dr. O'Keefe\nProcedure:" is a name before a form label).
// Head nouns as a set, looked up per word: a regex trying the whole alternation at every capital
// of the note was the de-identifier's most expensive step.
const HEAD_WORDS = new Set(
  HEAD_NOUN.split('|')
    .filter((h) => !h.includes('\\'))
    .flatMap((h) => (h === 'rules?' ? ['rule', 'rules'] : h === 'tumou?r' ? ['tumor', 'tumour'] : h === 'guidelines?' ? ['guideline', 'guidelines'] : [h])),
);
// Heads that end business and place names in Title Case ("Sunny Nails", "Harbor Bar", "Pine Bed
// & Breakfast"): eponym heads only in lower case ("Terry nails", "Nuss bar").
const LOWER_ONLY_HEADS = new Set(
  ('nails bar space pad line lines bed shoe tip band bands port loop switch lead patch device monitor filter hook wire bulb frame sound sounds response profile release transfer effect measure screen survey surgery pathway cushion jacket click pin walker vest cave ' +
    // The seventh round's heads too: "Transformation Church", "Nucleus Medical", "Jelly Belly".
    'disc nucleus jelly screw screws spindle transformation chromosome translocation granules apparatus artery vein foramen ' +
    'tubercle sac bursa sphincter ganglion hypothesis principle ' +
    // The eighth round's: "Crystal Body Works", "Harbor Complex", "Pacific Waves", "Smart Changes".
    'body sequence triage hump forces waves wave changes complex mechanism exercises exercise grid association variant sensation ' +
    // The sixteenth round's: "Precision Meter Co.", "Data Processor", "Oxygen Concentrator Supply".
    'meter processor insert inserts correction concentrator incubator ventilator humidifier ' +
    // The seventeenth round's: "Riverside Chair Company", "Summit Lift", "Black Belt Academy".
    'chamber notch chair lift hoist belt pits fingers layer atlas questions ' +
    // The twentieth round's: "Bath", "Lock & Key", "Serenity Massage", "Blue Lagoon Salts".
    'matrix drill strap straps cooler salts powder bath lock sleeve insoles insole loader massage belly flare flares ' +
    'amputation plaster finger iodine liner liners pledge tubercles stethoscope foot eye tape card mat pendant horse period template').split(' '),
);
const HEAD_SUFFIX = /^\p{Ll}{3,}(?:itis|osis|ectomy|otomy|ostomy|plasty|pathy|algia|emia|aemia|asthenia|plasia|ectasia|megaly|pexy|rrhaphy|cleisis|suspension)$/u;

/**
 * A head noun as it is written: the heads that also end business and place names ("Bar", "Chair",
 * "Notch") count only in lower case ("TLC Chair Cars", "Sugar Notch Pharmacy" are not eponyms).
 */
export function isEponymHeadAsWritten(word: string): boolean {
  return isEponymHead(word) && (word === word.toLowerCase() || !LOWER_ONLY_HEADS.has(word.toLowerCase()));
}

/** A head noun that eponyms come before, in lower case ("procedure", "nodes", "pentad", "palsy"). */
export function isEponymHead(word: string): boolean {
  const w = word.toLowerCase();
  return HEAD_WORDS.has(w) || HEAD_SUFFIX.test(w);
}
const EPONYM = "\\p{Lu}[\\p{L}'’]*(?:-\\p{Lu}?[\\p{L}'’]+)*(?:\\s+(?:and|&)\\s+\\p{Lu}[\\p{L}'’]*)?";
// The capitalised word(s) right before a head noun ("Kimura disease"); a Title Case head ("Braden
// Scale") only on the same line ("Dr. O'Keefe\nProcedure:" is a name before a form label).
// One space (or a line break) between the eponym and its head: a form's columns are two or more
// apart ("Technologist: J. Behruzova   Exam date": the name is not an eponym of "Exam").
const EPONYM_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])${EPONYM}(?=(?:[ \\t]|\\r?\\n)$)`, 'u');
const EPONYM_BEFORE_SAME_LINE = new RegExp(`(?<![\\p{L}\\p{N}])${EPONYM}(?=[ \\t]$)`, 'u');
// An eponym or place with one or two words before its head noun: "Framingham risk score",
// "Colorado tick fever", "Vancouver Scar Scale", "Stanford type A dissection", "Los Angeles grade B".
const EPONYM_MODIFIED = new RegExp(
  `(?<![\\p{L}\\p{N}])((?:\\p{Lu}[\\p{Ll}\\p{M}'’]+[ \\t])?\\p{Lu}[\\p{Ll}\\p{M}'’]+(?:-\\p{Lu}[\\p{Ll}\\p{M}'’]+)?)((?:[ \\t]+(?:(?:type|grade|stage|class)[ \\t]+[A-Z0-9]{1,3}|[\\p{L}-]{3,}|\\d{1,2}|[IV]{1,3})){1,2})[ \\t]+$`,
  'u',
);

// Twentieth round: heads that are everyday things ("bath", "lock", "drill"): a known given name or surname
// before one is the person who has or does it ("Gave Tom bath", "Helped Maria lock the door"), not a maker.
const EVERYDAY_HEADS = new Set('matrix drill strap straps cooler salts powder bath lock sleeve insoles insole loader massage belly flare flares foot eye tape card mat pendant horse period template'.split(' '));

/** Start offsets of head nouns: "disease", "Scale" (Title Case), "myotomy" (by its suffix). */
function headNouns(words: RegExpExecArray[]): Array<{ at: number; title: boolean; everyday: boolean }> {
  const out: Array<{ at: number; title: boolean; everyday: boolean }> = [];
  for (const m of words) {
    const w = m[0];
    if (HEAD_WORDS.has(w) || HEAD_SUFFIX.test(w)) out.push({ at: m.index, title: false, everyday: EVERYDAY_HEADS.has(w) });
    else if (/^\p{Lu}\p{Ll}/u.test(w) && HEAD_WORDS.has(`${w[0].toLowerCase()}${w.slice(1)}`) && !LOWER_ONLY_HEADS.has(w.toLowerCase())) out.push({ at: m.index, title: true, everyday: false });
  }
  return out;
}
const knownName = (eponym: string) => eponym.split(/[ \t-]+/).some((w) => NAME_SET.has(w.toLowerCase()));
// Before a maker's name with an everyday head: a list's separator, the line's start or a determiner ("Items:
// Velcro strap", "in a Hemonetics cooler", "no Bobcat loader"); after any other word the name may be a
// person's who is helped or given it ("Gave Xiomara bath", "Applied Adeyemi sleeve").
const EVERYDAY_LEAD = /(?:^|[\n:;,(•·*→-]|(?<![\p{L}])(?:[Aa]n?|[Tt]he|[Nn]o|[Pp]er|[Vv]ia|[Uu]sing))[ \t]*$/u;
const everydayMaker = (text: string, start: number, eponym: string) => !knownName(eponym) && EVERYDAY_LEAD.test(text.slice(Math.max(0, start - 12), start));
// "her husband Harold's chart", "son Kimura's bed": after a relation the word is a person.
const RELATION_BEFORE = /\b(?:husband|wife|son|daughter|mother|father|mom|dad|sister|brother|aunt|uncle|niece|nephew|grandson|granddaughter|grandmother|grandfather|partner|friend|neighbou?r|caregiver|roommate|god(?:mother|father|parent)|step-?(?:daughter|son|mother|father)|cousin|guardian|carer|aide|housemate|flatmate)\s+$/i;
const FACILITY_AFTER_HEAD = /^\p{L}+\s+(?:Cent(?:er|re)|Associates|Group|Clinic|Institute|Hospital|Partners|Specialists|Practice|Services)\b/u;
const EMPLOYER_BEFORE = /\b(?:works?|worked|working|employed|retired|volunteers?|volunteered)\s+(?:at|for|by|from|with)\s+(?:the\s+)?$/i;
const NOT_MODIFIER = /^(?:and|or|the|with|has|had|was|were|for|from|his|her|their|not|who|which|that|this|also|then|than|into|onto|per|via|post|after|before|today|now|then|on|at|by|in|of|to|is|are|be)$/i;

const NAMES = NAME_SET;

const FACILITY_OR_STREET_AFTER =
  /^\s+(?:Hospital|Medical|Health|Clinic|Cent(?:er|re)|Pharmacy|Memorial|Nursing|Rehab|Rehabilitation|Urgent|Family|Community|Pediatrics|Dialysis|Assisted|Senior|Imaging|Laborator|Institute|Hospice|Manor|Street|St\b|Avenue|Ave\b|Road|Rd\b|Boulevard|Blvd|Drive|Lane|Way\b|Place|Court|County|University|College|School|Funeral|Associates|Group)/;
// The head words of a provider's or an organisation's name: never an eponym or its modifier
// ("Swamp Fox Recovery Center dialysis chair").
const ORGANISATION_HEAD = /^(?:Hospital|Clinic|Cent(?:er|re)|Pharmacy|Institute|Hospice|Associates|Group|Partners|Specialists|Practice|Services|Foundation|Trust|Society|Network|Agency|Company|Co|Inc|LLC|Ltd)$/;
const TITLE_CONTINUATION = /^[-‐ ](\p{Lu}[\p{Ll}\p{M}]+)(?![\p{L}'’])/u;
const TITLE_BEFORE = /(?:\b(?:Dr|Mr|Mrs|Ms|Mx|Miss|Prof|Rev|Sr|Fr)\.?|\b(?:Patient|Pt|Name)\s*:)\s*$/;

// Scales, scores, tests and signs named after people or places, written bare before their value
// ("Epworth 14", "Braden 16", "Tinel +", "Lachman neg", "Fitzpatrick III"): the value says it is
// the instrument, not a person.
const SCORE_EPONYMS =
  'epworth|braden|morse|apgar|gleason|karnofsky|mallampati|cormack|glasgow|ranson|snellen|ishihara|goldmann|schirmer|fitzpatrick|breslow|' +
  'clark|edinburgh|lawton|katz|barthel|norton|waterlow|aldrete|wells|caprini|killip|bishop|tanner|gustilo|hinchey|forrest|rockall|' +
  'blatchford|balthazar|alvarado|centor|geneva|padua|khorana|hamilton|beck|conners|vanderbilt|zung|tinetti|oswestry|lysholm|tegner|' +
  'lachman|tinel|phalen|finkelstein|mcmurray|spurling|hawkins|neer|kernig|brudzinski|babinski|hoffmann|chvostek|trousseau|murphy|' +
  'mcburney|rovsing|homans|romberg|rinne|weber|trendelenburg|allen|hunt-hess|fisher|spetzler|child-pugh|meld|duke|jones|berg|' +
  'mini-cog|ranchos|rancho|denver|bayley|ages|wong-baker|flacc|richmond|ramsay|riker|cam|nyha|ottawa|pesi|heart|hasbled|cha2ds2';
// "Spoke with Hamilton 2 times", "call Murphy": after these the word is a person.
const PERSON_VERB_BEFORE = /\b(?:with|call|called|by|per|spoke|told|asked|notify|notified|paged|and|from)\s+$/i;

// The code alone, which most notes lack: the pattern is tried at every capitalised word only when it is there.
const STAGE_CODE_GATE = /[ \t](?:[1-4]|I{1,3}|IV)[A-Da-d](?![\p{L}\p{N}])/u;
const STAGE_CODE_AFTER = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}{2,})[ \t](?:[1-4][A-Da-d]|I{1,3}[A-Da-d]|IV[A-Da-d])(?![\p{L}\p{N}])/gu;

/** A score or test named after a person just before `at` ("Apgar 8/9"): the fraction after it is its value. */
export function scoreBefore(text: string, at: number): boolean {
  return SCORE_BEFORE.test(text.slice(Math.max(0, at - 24), at));
}
const SCORE_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${SCORE_EPONYMS}|apgars|score|scores|scored|pain|rated|rates|rating|severity|strength|power|motor|vas|nrs|scale|intensity)[ \\t]*[:=]?[ \\t]*$`, 'iu');

const SCORE_VALUE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${SCORE_EPONYMS})(?=[ \\t]*(?:[:=][ \\t]*)?(?:\\d{1,3}(?![\\d-])|[+](?![\\p{L}])|[-−](?![\\p{L}\\d])|(?:neg|pos|negative|positive|normal|abnormal|intact|absent|present|equivocal|I{1,3}|IV|V|VI)(?![\\p{L}])))`,
  'giu',
);

// Organisms by their binomial ("Francisella tularensis", "Toxoplasma gondii"): a capitalised genus
// and a lower-case epithet with a Latin ending that no gazetteer knows as a name ("Maria lopez" is
// not one), or a genus alone by its taxonomic ending ("Stenotrophomonas", "Strongyloides").
// A genus's ending alone, which most notes lack: GENUS_ENDING is tried only when one is there.
const GENUS_GATE = /(?:bacter|bacterium|bacteria|coccus|cocci|bacillus|monas|myces|mycetes|oides|sporium|spora|plasma|thrix|philus|phila|vibrio|spirillum)(?![\p{L}\p{N}])/u;
// The ending is checked once, looking back from the end of the word (the word runs to its end
// either way): an alternation after a greedy run was tried at every length of every word.
// Tried only at a word of the note's word list that could open it (a capitalised word before a
// space or tab): the same matches as a scan of the whole text, which every match starts a word of.
const BINOMIAL = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}{3,})[ \t]([a-z]{4,})(?<=[a-z]{4}(?:us|a|um|is|ae|ii|i|ensis|oides|ans|ens|ica|icus|alis|aris|ilis|atum|atus|ata|ides|ium|ia|ax|ix|ex|or))(?![\p{L}\p{N}])/uy;
const GENUS_WORD = /^\p{Lu}\p{Ll}{3,}$/u;
const GENUS_ENDING = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}{3,}(?<=\p{Ll}{3}(?:bacter|bacterium|bacteria|coccus|cocci|bacillus|monas|myces|mycetes|oides|sporium|spora|plasma|thrix|philus|phila|vibrio|spirillum))(?![\p{L}\p{N}])/gu;
// A brand of drug named by what is done with it ("Started Zubsolv today", "continue Xeljanz", "Suboxone
// film", "on Lucemyra 0.18 mg"): one capitalised word after a prescribing verb, or before a dose,
// a formulation or a schedule.
const DRUG_VERB = /(?:^|[^\p{L}])(?:start(?:ed|ing)?|restart(?:ed)?|continu(?:e|ed|ing)|discontinu(?:e|ed)|stop(?:ped)?|hold|held|resum(?:e|ed)|titrat(?:e|ed)|taper(?:ed)?|prescribed|refill(?:ed)?|increas(?:e|ed)|decreas(?:e|ed)|dose\s+of|trial\s+of|course\s+of|failed|tried|intolerant\s+(?:of|to)|allergic\s+to|weaned\s+off|switched\s+from)\s+$/iu;
const DRUG_AFTER = /^(?:\s+(?:\d+(?:\.\d+)?\s*(?:mg|mcg|g|mL|units?)\b|(?:film|films|injection|inj|tablets?|tabs?|capsules?|caps|patch|pen|inhaler|spray|drops|cream|ointment|gel|lozenges?|gum|implant|depot|infusion|XR|ER|SR|XL|CR|ODT|IM|PO|SL|SQ|SC|subq|BID|TID|QID|PRN|qhs|qd)\b))/u;
// A schedule after a drug taken "on" it ("since May", "for 2 years", "monthly").
const TAKING_AFTER = /^\s+(?:since|for\s+\d|x\s?\d|(?:daily|nightly|weekly|fortnightly|monthly|every\s+\d|q\d+\s?(?:h|d|w|wk|wks|mo)\b))/;
// Latin script only ("Ακρίδας IV" is a name with its suffix); "IV" is left out of the routes for that reason.
// A match of /(?<![\p{L}\p{N}])[A-Z][a-z]{3,}(?![\p{L}\p{N}'’-])/gu is always a whole word of the
// note's word list (\p{L}+): taken from that list by its shape and the characters around it.
const DRUG_WORD = /^[A-Z][a-z]{3,}$/;
// The lookarounds of the word regexes the word list replaces, tried at one offset (a code point:
// a digit outside the Basic Multilingual Plane counts as one).
const NO_LETTER_OR_DIGIT_BEFORE = /(?<![\p{L}\p{N}])/uy;
const LETTER_OR_DIGIT_AT = /[\p{L}\p{N}]/uy;
const LETTER_DIGIT_OR_JOINER_AT = /[\p{L}\p{N}'’-]/uy;
const sticky = (re: RegExp, text: string, at: number): boolean => {
  re.lastIndex = at;
  return re.test(text);
};

/** Organisms and drug brands the text itself marks as such: never a person or a place. */
function organismsAndDrugs(text: string, words: RegExpExecArray[], isCommon: (word: string) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const binomials: RegExpExecArray[] = [];
  for (let i = 0, after = 0; i < words.length; i++) {
    const w = words[i];
    const next = text[w.index + w[0].length];
    if (w.index < after || (next !== ' ' && next !== '\t') || !GENUS_WORD.test(w[0])) continue;
    BINOMIAL.lastIndex = w.index;
    const m = BINOMIAL.exec(text);
    if (m) {
      binomials.push(m);
      after = m.index + m[0].length;
    }
  }
  for (const m of binomials) {
    // Not a name and a lower-case particle ("Siti binti Osman"); a genus that is also a given name
    // ("Candida albicans") needs a longer epithet.
    if (NAMES.has(m[2]) || isCommon(m[2]) || /^(?:binti|binte|bint)$/.test(m[2]) || (NAMES.has(m[1].toLowerCase()) && m[2].length < 6)) continue;
    out.push([m.index, m.index + m[1].length]);
  }
  if (GENUS_GATE.test(text)) for (const m of text.matchAll(GENUS_ENDING)) if (!NAMES.has(m[0].toLowerCase())) out.push([m.index, m.index + m[0].length]);
  const capitalised = words.filter((w) => DRUG_WORD.test(w[0]) && sticky(NO_LETTER_OR_DIGIT_BEFORE, text, w.index) && !sticky(LETTER_DIGIT_OR_JOINER_AT, text, w.index + w[0].length));
  for (const m of capitalised) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 16);
    // The cheap tests anchored at the word first; the title before it only for a word they keep.
    const lower = m[0].toLowerCase();
    const named = NAMES.has(lower);
    // "on Xeljanz since May", "on Prolia for 2 years", "on Bicillin monthly": taking a drug over time
    // (a schedule only after "on": "visits Marisol weekly" is a person).
    const taking = () => !named && TAKING_AFTER.test(after) && /(?:^|[^\p{L}])[Oo]n\s+$/u.test(before);
    // A verb alone does not make a known given name or surname a drug ("started Maria on").
    const verb = () => !named && DRUG_VERB.test(before);
    if ((DRUG_AFTER.test(after) || taking() || verb() || drugByContext(lower, named, before, text.slice(m.index + m[0].length, m.index + m[0].length + 40), isCommon)) && !TITLE_BEFORE.test(before)) {
      out.push([m.index, m.index + m[0].length]);
    }
  }
  out.push(...clinicalShapes(text, words, isCommon), ...saltsAndFindings(text));
  return drugLists(text, capitalised, out, isCommon);
}

// Seventh round. A dosing schedule or a way of giving it after the word, in the case it is
// written in ("Simbrinza
// bd", "Repatha q2w", "Xgeva every 4 weeks", "Renvela with meals", "Ocrevus 6-monthly"; a bare
// "weekly" or "monthly" follows stores and churches as often: "Kroger weekly"); a route before it
// ("intravitreal Eylea", "IV Avastin", "topical Zoryve"); a verb of giving before it (not
// "receiving" or "added", said of services and insurers too). Case matters: "Humana 20%" is a
// share of a bill ("0.1%" is a strength), "Coram Infusion Services" and "Stat Lab" are
// organisations, "SC" a state and "PO" a box.
const SCHEDULE_AFTER =
  /^[ \t]*(?:\d+(?:[.,]\d+)?(?:\/\d+(?:[.,]\d+)?)?[ \t]*(?:mg|mcg|µg|micrograms?|g|mL|ml|units?|IU|mmol|mg\/kg|mcg\/hr)(?![\p{L}])|\d*[.,]\d+[ \t]*%|(?:bd|BD|bid|BID|tds|TDS|tid|TID|qds|QDS|qid|QID|od|nocte|mane|prn|PRN|qhs|qAM|qPM|qod|qw|q\d+\s?(?:h|hr|hrly|d|w|wk|wks|weeks|mo|months?))(?![\p{L}])|\d+-(?:weekly|monthly|yearly)\b|every[ \t]+\d+[ \t]+(?:hours|days|weeks|months)|with[ \t]+(?:meals|food)\b(?![ \t]+(?:on|bank|pantry|stamps))|ramp-up|loading dose|infusions?\b(?![ \t]+(?:services?|cent(?:er|re)|suite|pharmacy|nurses?|company))|injections?\b|eye[ \t]?drops|nasal spray|\d+[ \t]*(?:sprays?|puffs?|drops?|tabs?|tablets?|caps?|capsules?|sachets?|vials?|ampoules?|patches|pens?)(?![\p{L}]))/u;
// What is done to a drug, said after it ("Avastin given", "Zolgensma infused"): verbs a person or
// an organisation is rarely the subject of; not "started", "stopped" or "declined", which people
// do, nor "approved", "funded", "dispensed", "administered", "discontinued", which insurers and
// pharmacies do ("Aetna approved", "Walgreens administered").
const GIVEN_AFTER =
  /^[ \t]+(?:(?:was|were|is|being)[ \t]+)?(?:given|infused|injected|tolerated|commenced)(?![\p{L}])(?![ \t]+(?:by|to)\b)/iu;
const ROUTE_BEFORE =
  /(?:^|[^\p{L}])(?:(?:[Ii]ntravitreal|[Ii]ntravenous|[Ii]ntramuscular|[Ss]ubcutaneous|[Ii]ntrathecal|[Ii]ntralesional|[Ii]ntravesical|[Ii]ntra-articular|[Tt]ransdermal|[Ss]ublingual|[Tt]opical|[Ii]nhaled|[Nn]ebuli[sz]ed|[Oo]ral|gave|given|commenced|switched\s+to|changed\s+to|trial\s+of|loaded\s+with|bridged?\s+with|dose\s+of)|IV|IM|SQ)\s+$/u;

// A bare "weekly", "monthly", "daily" only after a word that opens an item of a list or a line
// ("…, Mircera monthly"), never after "at", "attends" or "to" ("shops at Kroger weekly").
const BARE_SCHEDULE_AFTER = /^[ \t]+(?:weekly|monthly|fortnightly|nightly|daily|yearly)\b/i;
const ITEM_OPENS_BEFORE = /(?:^|[,;(\n]|\band|\bplus|\bthen)[ \t]*$/;
const TALKED_TO_BEFORE = /\b(?:call|called|spoke|told|asked|notify|notified|paged|visits?|visited|saw|seen\s+by)\s+$/i;

/** A capitalised word that the dosing around it names as a drug; a given name or surname is not one. */
// (The caller has the word in lower case and looked it up in NAMES already: a second lookup in so
// large a set cost as much as the rest of this test.)
function drugByContext(lower: string, named: boolean, before: string, after: string, isCommon: (word: string) => boolean): boolean {
  if (named || isCommon(lower)) return false;
  // The anchored tests first: most capitalised words fail them, and the rest is rarely reached.
  const scheduled = SCHEDULE_AFTER.test(after) || (BARE_SCHEDULE_AFTER.test(after) && ITEM_OPENS_BEFORE.test(before));
  if (!scheduled && !GIVEN_AFTER.test(after) && !ROUTE_BEFORE.test(before)) return false;
  return !RELATION_BEFORE.test(before) && !TALKED_TO_BEFORE.test(before);
}

// A match of /(?<![\p{L}\p{N}])[A-Za-z]{6,}(?![\p{L}\p{N}])/gu is always a whole word of the note's
// word list (\p{L}+): taken from that list, as DRUG_WORD is.
const LONG_WORD = /^[A-Za-z]{6,}$/;

// A charity, society or service named after a condition ("Arthritis Foundation", "Leukemia &
// Lymphoma Society", "Hemophilia Treatment Center"): the condition word belongs to its name.
const NAMED_FOR_CONDITION =
  /^(?:[ \t]+(?:&|and|of|\p{Lu}[\p{L}'’-]+)){0,3}[ \t]+(?:Foundation|Society|Association|Alliance|Institute|Cent(?:er|re)|Clinic|Trust|Network|Fund|Council|Coalition|Group|Unit|Services?|Partners|Program|Programme|Support|Research|Charity|Federation|Consortium|Suite|Facility|Lab|Labs|Laboratory|Associates|Specialists|Practice|Care|Consultants|Physicians|Surgery|PC|PLLC|LLC|Inc|Ltd)\b/u;

/**
 * Words shaped like a drug or a condition ("Lonsurf" is not; "Anakinra", "Descemetocele" are). A
 * word the lexicon knows needs no protection, and one before a facility's head belongs to its
 * name ("Riverside Dialysis Center").
 */

function clinicalShapes(text: string, words: RegExpExecArray[], isCommon: (word: string) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of words) {
    if (!LONG_WORD.test(m[0]) || !sticky(NO_LETTER_OR_DIGIT_BEFORE, text, m.index) || sticky(LETTER_OR_DIGIT_AT, text, m.index + m[0].length)) continue;
    if (!hasClinicalShape(m[0]) || isCommon(m[0].toLowerCase())) continue;
    // "lives in Tuskahoma", "driving in from Sonoma": after a residence cue the shape is a town's.
    if (PLACE_CUE_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index)) && !isMedicalTerm(m[0].toLowerCase())) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 48);
    if (FACILITY_OR_STREET_AFTER.test(after) || NAMED_FOR_CONDITION.test(after)) continue;
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

// A drug's salt after it ("Caffeine citrate", "Quinine sulphate") and a finding's value after a
// sign ("Nikolsky negative", "Hoover +ve"): the word before is the drug or the sign.
// Found from the salt or the value backwards: a scan for these words is cheaper than one tried at
// every capital of the note.
const SALT_OR_FINDING =
  /(?<![\p{L}\p{N}])(?:citrate|sulfate|sulphate|hydrochloride|HCl|maleate|tartrate|succinate|mesylate|besylate|fumarate|phosphate|acetate|gluconate|lactate|bromide|carbonate|valerate|decanoate|palmitate|hyclate|dipropionate|propionate|negative|positive|neg|pos|[+-]ve)(?![\p{L}]|[ \t]+(?:for|to|about|with)\b)/gu;
const SIGN_OR_DRUG_BEFORE = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}{3,})[ \t]+(?:sign[ \t]+)?$/u;

function saltsAndFindings(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(SALT_OR_FINDING)) {
    const from = Math.max(0, m.index - 40);
    const w = SIGN_OR_DRUG_BEFORE.exec(text.slice(from, m.index));
    if (!w) continue;
    const start = from + w.index;
    const before = text.slice(Math.max(0, start - 24), start);
    if (!TITLE_BEFORE.test(before) && !PERSON_VERB_BEFORE.test(before)) out.push([start, m.index + m[0].length]);
  }
  return out;
}

// Items of a list of drugs: a capitalised word that opens an item of a list in which two items
// are drugs already ("Vimpat 100 mg bd, Briviact, Fycompa, Keppra"), or, beside one drug, a bare
// word that is its whole item ("Vimpat 100 mg bd, Briviact."). Not a word followed by more: an
// immunisation line names the vaccine and then where it was given ("Prevnar 20, Walgreens
// 3/4/2019"). Never a gazetteer name ("Lasix, Maria said").
// The capitalised words DRUG_WORD found, less those after an apostrophe or a hyphen: the same
// words LIST_ITEM = /(?<![\p{L}\p{N}'’-])([A-Z][a-z]{3,})(?![\p{L}\p{N}'’-])/gu would find, without a second scan.
const AFTER_JOINER = new Set(["'", '’', '-']);
// Between two items: the first one's dose and schedule at most, then a comma, "and", "or", "+"…
const DOSE_TAIL = '(?:[ \\t]+\\d[\\d.,/]*[ \\t]*(?:mg|mcg|µg|g|mL|ml|units?|IU|%)?)?(?:[ \\t]+(?:bd|bid|tds|tid|qds|qid|od|nocte|mane|prn|daily|weekly|monthly|q\\d+[a-z]{0,3}))?';
const LIST_SEPARATOR = new RegExp(`^${DOSE_TAIL}[ \\t]*(?:[,;+/]|(?<=[ \\t])(?:and|or|then))[ \\t]*$`, 'u');

// Words of the medical list that are not drugs: "Medicare, Humana and Aetna" lists insurers.
const NOT_A_DRUG = new Set('medicare medicaid covid influenza hepatitis coronavirus'.split(' '));

/** Which items a range covers or the drug list knows: one sweep over both in order of start. */
function coveredOrKnown(items: Array<{ start: number; end: number; word: string }>, ranges: Array<[number, number]>): boolean[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  let r = 0;
  let reach = -1;
  return items.map((i) => {
    for (; r < sorted.length && sorted[r][0] <= i.start; r++) reach = Math.max(reach, sorted[r][1]);
    const w = i.word.toLowerCase();
    return reach >= i.end || ((SET.has(w) || DRUG_SET.has(w)) && !NOT_A_DRUG.has(w));
  });
}

const CAPITALISED_WORD_BEFORE = /\p{Lu}[\p{L}'’.-]*[ \t]+$/u;
const CAPITALISED_WORD_AFTER = /^[ \t]+\p{Lu}/u;
const BARE_ITEM_END = /^[ \t]*(?:[,;.()]|\n|$|and\b|or\b|for\b)/;

function drugLists(text: string, capitalised: RegExpExecArray[], ranges: Array<[number, number]>, isCommon: (word: string) => boolean): Array<[number, number]> {
  const items = capitalised.filter((m) => !AFTER_JOINER.has(text[m.index - 1])).map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0] }));
  const known = coveredOrKnown(items, ranges);
  // Runs of items joined by separators: a run is a list of drugs when two of its items are, or
  // when one is and the item is a bare word ending its item.
  for (let i = 0; i < items.length; ) {
    let j = i;
    let plus = false;
    while (j + 1 < items.length && LIST_SEPARATOR.test(text.slice(items[j].end, items[j + 1].start))) {
      if (text.slice(items[j].end, items[j + 1].start).includes('+')) plus = true;
      j++;
    }
    // Products given together ("Follistim + Luveris", "Gonal-f + Menopur"): a plus joins
    // what is given, never people or places.
    const drugs = plus ? 2 : known.slice(i, j + 1).filter(Boolean).length;
    for (let k = i; k <= j && drugs > 0; k++) {
      const w = items[k].word.toLowerCase();
      // A brand known only to DRUG_SET (MORE_BRANDS) is a drug here, in its list: SET's words are
      // protected everywhere already.
      if ((known[k] && !(DRUG_SET.has(w) && !SET.has(w))) || NAMES.has(w) || isCommon(w)) continue;
      // A word of a longer capitalised run is part of a name ("Kwabena Ofori + Yaw Mensah"), not a product.
      if (plus && (CAPITALISED_WORD_BEFORE.test(text.slice(Math.max(0, items[k].start - 30), items[k].start)) || CAPITALISED_WORD_AFTER.test(text.slice(items[k].end, items[k].end + 3)))) continue;
      if (drugs >= 2 || BARE_ITEM_END.test(text.slice(items[k].end, items[k].end + 8))) ranges.push([items[k].start, items[k].end]);
    }
    i = j + 1;
  }
  return ranges;
}

// Anatomy, anomalies and findings named "N of X" ("circle of Willis", "loop of Henle", "tetralogy
// of Fallot", "pouch of Douglas"): the whole phrase, when N is a part or a finding of the body.
const OF_HEADS = (
  'circle loop organ islets islet crypts crypt bundle node nodes tetralogy pentalogy triad pouch space spaces canal canals ampulla ' +
  'sphincter ligament duct ducts foramen aqueduct fissure triangle ring spiral columns column glands gland corpuscles bodies ' +
  'membrane plexus fascia tubercle angle band tract nucleus fibres fibers capsule vein artery sinus sinuses fold folds ridge ' +
  'recess hiatus ostium cleft layer lamina valve valves arch pyramids pyramid tunnel isthmus tail bursa sac labyrinth ganglion ' +
  'cistern fossa papilla muscle fascicle granules cells tubules tubule disease sign'
).split(' ');
const OF_HEAD_SET = new Set(OF_HEADS);
const OF_HEAD_BEFORE = /(?<![\p{L}\p{N}])\p{L}+$/u;
const OF_EPONYM_AFTER = /^ of[ \t]+(?:the[ \t]+)?\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}[\p{Ll}\p{M}'’]+)?(?![\p{L}\p{N}])/u;

function personCueBefore(before: string): boolean {
  return TITLE_BEFORE.test(before) || RELATION_BEFORE.test(before) || PERSON_VERB_BEFORE.test(before);
}

/** Each "N of X" eponym: found from the text's " of "s, not by a regex tried at every position. */
function ofEponyms(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = text.indexOf(' of '); at >= 0; at = text.indexOf(' of ', at + 1)) {
    const head = OF_HEAD_BEFORE.exec(text.slice(Math.max(0, at - 16), at));
    if (!head || !OF_HEAD_SET.has(head[0].toLowerCase())) continue;
    const after = OF_EPONYM_AFTER.exec(text.slice(at, at + 64));
    if (after) out.push([at - head[0].length, at + after[0].length]);
  }
  return out;
}

// Sixteenth round: a device's make and model, named by what it is or by its serial number ("Pump:
// Medela Symphony loaner serial …", "Ventilator: Trilogy Evo S/N …", "Incubator Giraffe OmniBed",
// "trach Shiley 6 DCT"). One to four capitalised words, model codes or numbers; never a plain
// person (every word a gazetteer name, or a title before it).
const PRODUCT_WORD = "(?:\\p{Lu}[\\p{L}\\d+'’-]*|\\d+(?:\\.\\d+)?[A-Za-z]{0,3})";
const PRODUCT_WORDS = `((?:${PRODUCT_WORD}[ \\t]){1,4})`;
// The kinds of device before a make and model, looked up among the note's words (a regex tried at
// every position of the note cost about 6 % of a note's time).
const DEVICE_KINDS = new Set(
  ('ventilator pump incubator oxygenator console monitor meter glucometer processor trach tracheostomy defibrillator nebuliser ' +
    'nebulizer wheelchair device sensor concentrator scanner analyser analyzer ' +
    // Eighteenth round: "dialyser Revaclear 400", "Chamber Sechrist 3600H", "camera WoundVision Scout".
    'dialyser dialyzer thickener camera chamber flowmeter machine mattress hoist inhaler spacer oximeter dressing catheter').split(' '),
);
const DEVICE_KIND_CAPS = new Set(['CGM', 'CPAP', 'BiPAP']);
const isDeviceKind = (w: string): boolean => DEVICE_KIND_CAPS.has(w) || (DEVICE_KINDS.has(w.toLowerCase()) && (w === w.toLowerCase() || w.slice(1) === w.slice(1).toLowerCase()));
// After the kind of device, the last word may end the clause ("Pump: Medela Symphony, loaned").
const PRODUCT_AFTER_KIND = new RegExp(`[ \\t]*:?[ \\t]+((?:${PRODUCT_WORD}[ \\t]){0,3}${PRODUCT_WORD})(?![\\p{L}\\d'’-])`, 'uy');
// The label of a serial, lot or model number, with its number after it: "lot 317350868", not a
// parking lot ("Baptist lot (Antimony)").
const SERIAL_LABELS = new Set(['SN', 'serial', 'Serial', 'lot', 'Lot', 'model', 'Model', 'REF']);
const NUMBER_AFTER_LABEL = /(?![\p{L}])[ \t]{0,3}(?:(?:#|[Nn]o\.?|[Nn]umber)[ \t]{0,3})?(?::[ \t]{0,3})?\(?[A-Z0-9-]{0,24}\d/uy;
const PRODUCT_BEFORE_SERIAL = new RegExp(`(?<![\\p{L}\\d])${PRODUCT_WORDS}(?:(?:loaner|processor|unit|device)[ \\t]+)?\\(?$`, 'u');

// A person with a credential after the name ("Pump: Venkat Chilukuri RN") is not a product: a
// credential of credentials.ts in capitals or as signed ("PharmD"), or a therapist's PT, OT, RT.
const WORD_AFTER = /^[ \t]*,?[ \t]*(\p{Lu}[\p{L}-]*)(?![\p{L}])/u;
function credentialAfter(text: string): boolean {
  const w = WORD_AFTER.exec(text);
  return w !== null && (isCredential(w[1]) || /^(?:PT|OT|RT)$/.test(w[1])) && /\p{Lu}.*\p{Lu}|^\p{Lu}\p{Ll}+\p{Lu}/u.test(w[1]);
}

function productNames(text: string, words: RegExpExecArray[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const keep = (start: number, words: string, bySerial: boolean) => {
    const value = words.trimEnd();
    const parts = value.split(/[ \t]+/);
    const names = parts.filter((w) => /^\p{Lu}\p{Ll}/u.test(w));
    if (names.length > 0 && names.every((w) => NAMES.has(w.toLowerCase()))) return;
    if (parts.some((w) => credentialAfter(w))) return;
    // After the kind alone, a make in plain Title Case could be a person's name ("Pump: Wendeline
    // Osterhout checked it"): one word must read as a product's (a digit, a capital inside it, a
    // code in capitals, or a listed brand).
    if (!bySerial && !parts.some((w) => /\d|^\p{Lu}+$|\p{Ll}\p{Lu}/u.test(w) || SET.has(w.toLowerCase()))) return;
    if (TITLE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) || credentialAfter(text.slice(start + value.length, start + value.length + 12))) return;
    out.push([start, start + value.length]);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i][0];
    const end = words[i].index + w.length;
    if (isDeviceKind(w) || (/^[Aa]ids?$/.test(w) && /[Hh]earing[ \t]+$/.test(text.slice(Math.max(0, words[i].index - 10), words[i].index)))) {
      PRODUCT_AFTER_KIND.lastIndex = end;
      const m = PRODUCT_AFTER_KIND.exec(text);
      if (m) keep(end + m[0].length - m[1].length, m[1], false);
    }
    // "S/N" is two words of the list: "S", then "N" after the slash.
    const label = SERIAL_LABELS.has(w) ? words[i].index : w === 'N' && text.slice(words[i].index - 2, words[i].index) === 'S/' ? words[i].index - 2 : -1;
    if (label >= 0) {
      NUMBER_AFTER_LABEL.lastIndex = end;
      if (!NUMBER_AFTER_LABEL.test(text)) continue;
      const from = Math.max(0, label - 60);
      const p = PRODUCT_BEFORE_SERIAL.exec(text.slice(from, label));
      if (p) keep(from + p.index, p[1], true);
    }
  }
  return out;
}

// An initial right before a word ("V. Šadl"): the word is a person's surname there.
const INITIAL_BEFORE = /(?:^|[^\p{L}])\p{Lu}\.[ \t]*$/u;

/**
 * Whether an identifier pattern's span is a model code, a standard or a variant that belongs to a
 * term (named-terms.ts): read in the 48 characters before it, not over the whole note.
 */
export function isTermCode(text: string, start: number, end: number, isCommon: (word: string) => boolean): boolean {
  const from = Math.max(0, start - 48);
  const window = text.slice(from, Math.min(text.length, end + 24));
  const words: RegExpExecArray[] = [];
  HEAD_CANDIDATE.lastIndex = 0;
  for (let m = HEAD_CANDIDATE.exec(window); m; m = HEAD_CANDIDATE.exec(window)) words.push(m);
  return termCodeRanges(window, words, namedTermTests(isCommon)).some(([a, b]) => a <= start - from && end - from <= b);
}

// The word tests named-terms.ts reads (it imports nothing of this module).
function namedTermTests(isCommon: (word: string) => boolean): NamedTermTests {
  return {
    isName: (lower) => NAMES.has(lower),
    isCommon,
    isKnown: (lower) => SET.has(lower),
    isDrug: (lower) => DRUG_SET.has(lower) || (hasDrugShape(lower) && !isCommon(lower)),
    isClinical: (word) => CLINICAL_WORDS.has(word) || SYMPTOM_WORDS.has(word) || hasClinicalWord(word) || hasClinicalShape(word),
    personBefore: (before) => TITLE_BEFORE.test(before) || RELATION_BEFORE.test(before),
  };
}

/**
 * Character ranges holding eponyms and place-named clinical terms, which no detector may touch.
 * A bare eponym ("s/p Whipple", "Foley removed") is protected unless it is plainly a person:
 * after a title ("Mr. Foley") or after a given name ("Grace Kimura").
 */
export function protectedRanges(text: string, isCommon: (word: string) => boolean = () => false): Array<[number, number]> {
  // The words of the note, read once for the organisms, drugs and clinical shapes, the phrase
  // openers and the head nouns.
  // (exec() on the module's regex: spreading matchAll() copied the regex and went through an iterator.)
  const words: RegExpExecArray[] = [];
  HEAD_CANDIDATE.lastIndex = 0;
  for (let m = HEAD_CANDIDATE.exec(text); m; m = HEAD_CANDIDATE.exec(text)) words.push(m);
  const out: Array<[number, number]> = organismsAndDrugs(text, words, isCommon);
  // Twentieth round: a drug written in Cyrillic or Greek letters ("Сальбутамол", "παρακεταμόλη").
  if (/[\u0370-\u03ff\u0400-\u04ff]/.test(text)) {
    CYRILLIC_OR_GREEK_WORD.lastIndex = 0;
    for (let m = CYRILLIC_OR_GREEK_WORD.exec(text); m; m = CYRILLIC_OR_GREEK_WORD.exec(text)) {
      if (latinSpellings(m[0].toLowerCase()).some((w) => isMedicalTerm(w) || hasDrugShape(w))) out.push([m.index, m.index + m[0].length]);
    }
  }
  for (const m of protectedPhrases(text, words)) {
    // "St. Barrett's Medical Center", "Parkinson Street": a facility or street, not the eponym.
    if (FACILITY_OR_STREET_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 24))) continue;
    // A bare eponym that is also a surname ("Barrett", "Graves") is protected only as "Barrett's"
    // or before a head noun (below); "Mr. Barrett" is a person.
    const word = m[0].toLowerCase();
    if (!/['’]s$/.test(word) && !/[\s-]/.test(word)) {
      const before = text.slice(Math.max(0, m.index - 24), m.index);
      const given = /(\p{Lu}[\p{Ll}\p{M}'’-]+)\s+$/u.exec(before);
      if (TITLE_BEFORE.test(before)) continue;
      if (given && NAMES.has(given[1].toLowerCase()) && !isCommon(given[1].toLowerCase())) continue;
    }
    if (/['’]s$/.test(word) || MULTIWORD_OR_UNAMBIGUOUS(word) || MEDICAL_ONLY.has(word)) {
      // The rest of a Title Case term belongs to it ("Boston Bowel Preparation Scale"), up to a
      // word that could be a name.
      let end = m.index + m[0].length;
      for (let c = TITLE_CONTINUATION.exec(text.slice(end)); c && !NAMES.has(c[1].toLowerCase()); c = TITLE_CONTINUATION.exec(text.slice(end))) {
        end += c[0].length;
      }
      out.push([m.index, end]);
    }
  }
  // "Banff 1A", "Clark IVb", "Dukes 2B": a capitalised word before a stage or grade code is the
  // classification it names, not a person (a roman numeral alone is a generational suffix).
  for (const m of STAGE_CODE_GATE.test(text) ? text.matchAll(STAGE_CODE_AFTER) : []) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (!TITLE_BEFORE.test(before) && !PERSON_VERB_BEFORE.test(before)) out.push([m.index, m.index + m[1].length]);
  }
  SCORE_VALUE.lastIndex = 0;
  for (let m = SCORE_VALUE.exec(text); m; m = SCORE_VALUE.exec(text)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (/^\p{Lu}/u.test(m[0]) && !TITLE_BEFORE.test(before) && !PERSON_VERB_BEFORE.test(before)) out.push([m.index, m.index + m[0].length]);
  }
  out.push(...ofEponyms(text), ...productNames(text, words), ...namedTermRanges(text, words, namedTermTests(isCommon)));
  for (const head of headNouns(words)) {
    const from = Math.max(0, head.at - 60);
    const before = text.slice(from, head.at);
    const modified = EPONYM_MODIFIED.exec(before);
    if (modified) {
      // Each word between is an ordinary or clinical word ("risk", "Scar", "type A"), never a
      // name, and the eponym is not plainly a person ("Mr. Lopez pain score").
      let start = from + modified.index;
      let eponym = modified[1];
      // "Discussed Touton giant cells": an ordinary word opening the sentence is not the eponym's.
      const lead = /^(\S+)[ \t]+(?=\S)/.exec(eponym);
      if (lead && isCommon(lead[1].toLowerCase()) && !CLINICAL_WORDS.has(lead[1].toLowerCase())) {
        start += lead[0].length;
        eponym = eponym.slice(lead[0].length);
      }
      const between = modified[2].trim().split(/[ \t]+/);
      const eponymWords = eponym.split(/[ \t]+/);
      if (
        !(head.everyday && !everydayMaker(text, start, eponym)) &&
        // "Swamp Fox Recovery Center dialysis chair": an organisation's head word ends a provider's name, not an eponym.
        !eponymWords.some((w) => CLINICAL_WORDS.has(w.toLowerCase()) || isCommon(w.toLowerCase()) || ORGANISATION_HEAD.test(w)) &&
        // "Vera Šadl RRT Test date", "V. Šadl RRT Test": after a full name or an initial a credential
        // between is the person's, not a modifier ("Westmead PTA scale" keeps its PTA).
        between.every((w) => !NOT_MODIFIER.test(w) && !ORGANISATION_HEAD.test(w) && !(isCredential(w) && (eponymWords.length > 1 || INITIAL_BEFORE.test(text.slice(Math.max(0, start - 4), start)))) && (/^(?:type|grade|stage|class|[A-Z0-9]{1,3})$/.test(w) || isCommon(w.toLowerCase()) || CLINICAL_WORDS.has(w.toLowerCase()) || hasClinicalWord(w) || isLearnedAdjective(w))) &&
        // "daughter Maria taught pump": a title or a relation before it names a person, as for an
        // eponym right before its head; "Son Thabo bringing cushion", "with Lopez pain scale": so
        // does a verb before it once an opening word was left out.
        !TITLE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) &&
        !RELATION_BEFORE.test(text.slice(Math.max(0, start - 24), start)) &&
        // "Godfather Kwabena showed dressing": the relation opening the sentence, as above.
        !(eponymWords.length > 1 && RELATION_BEFORE.test(`${eponymWords[0]} `)) &&
        (start === from + modified.index || !personCueBefore(text.slice(Math.max(0, start - 24), start)))
      ) {
        out.push([start, start + eponym.length]);
      }
    }
    // "Hendricks Surgery Center", "Dr. Lowe surgery": a facility, or a person by their title.
    if (FACILITY_AFTER_HEAD.test(text.slice(head.at, head.at + 40))) continue;
    const m = (head.title ? EPONYM_BEFORE_SAME_LINE : EPONYM_BEFORE).exec(before);
    // "works at Glenmoor Packing", "retired from Pellham Systems": a Title Case head after an
    // employment cue ends an employer's name, not an eponym.
    if (m && head.title && EMPLOYER_BEFORE.test(before.slice(0, m.index))) continue;
    if (m && (TITLE_BEFORE.test(before.slice(Math.max(0, m.index - 24), m.index)) || RELATION_BEFORE.test(before.slice(Math.max(0, m.index - 24), m.index)))) continue;
    // "Kimura disease" yes; "Patient disease" or "Chronic kidney" no: only words a reader would
    // not find in an ordinary sentence are eponyms.
    if (m && head.everyday && !everydayMaker(text, from + m.index, m[0])) continue;
    if (m && !CLINICAL_WORDS.has(m[0].toLowerCase()) && !/^(?:The|A|An|This|That|His|Her|Their|Our|No|Any|Positive|Negative|Rapid|Stress|Skin|Blood|Urine)$/.test(m[0])) {
      out.push([from + m.index, from + m.index + m[0].length]);
    }
  }
  return out;
}
