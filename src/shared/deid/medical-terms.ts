/**
 * Capitalised medical words that look like names to an NLP tagger: eponyms (diseases, signs,
 * scores), brand and generic drug names. Eponyms that are also common surnames (Wilson, Turner,
 * Bell) are left out: those count as eponyms only before a medical head noun (name-detector.ts). They are never treated as
 * people or places, so the model still reads "Parkinson's disease" and "Lasix". The list is
 * ours and deliberately small; RECALL.md reports how many medical words are still replaced.
 */
const TERMS = `
addison alzheimer apgar asperger babinski bartter bence behcet brugada buerger burkitt chagas
charcot cheyne creutzfeldt crohn cushing dandy devic dubin duchenne dupuytren ebstein ehlers
danlos epstein barr fabry fanconi felty foley friedreich gaucher glasgow goodpasture graves
guillain barré barre hashimoto heberden hirschsprung hodgkin horner huntington hurler kaposi
kawasaki klinefelter korsakoff kussmaul legionella lewy lyme marfan meckel meige meniere ménière
nissen paget parkinson parkinsonism peyronie pott prinzmetal raynaud reye schilling sjogren
sjögren sturge takayasu tietze tinel phalen tourette von willebrand waldenström waldenstrom
wegener wernicke whipple wilms parkinson zollinger ellison glasgow apache pugh meld nyha gcs
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
influenza hepatitis coronavirus medicare medicaid tylenol benadryl zyrtec claritin
`;

const SET = new Set(TERMS.split(/\s+/).filter(Boolean));

/** True when every word of the value is a known medical term (case-insensitive). */
export function isMedicalTerm(value: string): boolean {
  const words = value
    .toLowerCase()
    .split(/[\s'’-]+/)
    .map((w) => w.replace(/[^a-zà-ÿ]/g, ''))
    .filter((w) => w.length > 0 && w !== 's');
  return words.length > 0 && words.every((w) => SET.has(w));
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
const CLINICAL_SUFFIX =
  /(?:itis|osis|aemia|emia|pathy|ology|ectomy|otomy|ostomy|scopy|plasty|graphy|algia|uria|plegia|penia|cytosis|ectasis|trophy)$/;

/** True when some word of the value is a clinical noun or carries a medical suffix. */
export function hasClinicalWord(value: string): boolean {
  return value
    .toLowerCase()
    .split(/[\s,]+/)
    .map((w) => w.replace(/[^a-z-]/g, ''))
    .some((w) => CLINICAL_WORDS.has(w) || (w.length > 6 && CLINICAL_SUFFIX.test(w)));
}
