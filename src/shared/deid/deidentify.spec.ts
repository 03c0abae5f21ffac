import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deidentify, deidentifyFreeText, keyedShiftDays, knownIdentifiersFromRecord, reidentify, reidentifyDeep } from './index';
import { hostileInputs } from '../../../test/fixtures/deid/hostile-inputs';

const sampleRecord = () => ({
  patient: {
    id: 48213,
    mrn: 'MRN00917735',
    first_name: 'Rosalind',
    last_name: 'Achterberg',
    date_of_birth: '1951-07-14',
    sex: 'F',
    phone: '(555) 301-2244',
    email: 'r.achterberg@example.org',
    address: '17 Kestrel Court',
    city: 'Bridgeport',
    state: 'CT',
    zip: '06604',
    ssn: '078-05-1120',
  },
  problems: [
    { id: 1, patient_id: 48213, name: "Parkinson's disease", onset_date: '2019-03-02' },
    { id: 2, patient_id: 48213, name: 'Hodgkin lymphoma, in remission', onset_date: '2008-11-20' },
  ],
  medications: [{ id: 7, name: 'Carbidopa-levodopa 25/100 mg', started_at: '2019-03-10T09:00:00Z', prescriber: 'Dr. Priya Raman' }],
  labs: [
    { id: 3, name: 'HbA1c', value: 7.9, unit: '%', taken_at: '2024-01-05T08:15:00Z', comment: 'Drawn by Rosalind at home, called 555-301-2244.' },
    { id: 4, name: 'HbA1c', value: 7.1, unit: '%', taken_at: '2024-04-05T08:15:00Z' },
  ],
  encounters: [{ id: 9, provider_name: 'Henrik Lindqvist', admitted_at: '2024-01-03T10:20:00Z', reason: 'Pneumonia' }],
});

const note =
  'Mrs. Achterberg (Achterberg, Rosalind; MRN MRN00917735) was seen by Dr. Priya Raman on 2024-01-03. ' +
  "ROSALIND reports tremor; Parkinson's disease and Hodgkin lymphoma history. Started metformin and warfarin. " +
  'Call 555.301.2244 or r.achterberg@example.org. Lives at 17 Kestrel Court, Bridgeport 06604. Raman to review.';

describe('deidentify', () => {
  it('replaces every identifier of the sample record, in the text and inside the record JSON', () => {
    const record = sampleRecord();
    const sut = deidentify({ text: note, record }, { dateShiftDays: -40 });
    const out = JSON.stringify({ text: sut.text, record: sut.record, counts: sut.counts });
    const identifiers = [
      'Rosalind', 'Achterberg', 'MRN00917735', '1951-07-14', '301-2244', '301.2244', 'r.achterberg@example.org',
      '17 Kestrel Court', 'Bridgeport', '06604', '078-05-1120', '48213', 'Priya', 'Raman', 'Henrik', 'Lindqvist',
      '2024-01-03', '2019-03-02', '2024-01-05',
    ];
    for (const id of identifiers) expect(out.toLowerCase()).not.toContain(id.toLowerCase());
  });

  it('gives the same identifier the same placeholder everywhere, the patient being PERSON_1', () => {
    const sut = deidentify({ text: note, record: sampleRecord() }, { dateShiftDays: -40 });
    const rec = sut.record as ReturnType<typeof sampleRecord>;
    expect(sut.text).toContain('Mrs. [PERSON_1]');
    expect(sut.text).toContain('([PERSON_1]; MRN [MRN_1])');
    expect(rec.patient.first_name).toBe('[PERSON_1]');
    expect(rec.patient.mrn).toBe('[MRN_1]');
    expect(sut.text!.match(/\[PERSON_2\]/g)).toHaveLength(2); // "Priya Raman" and later "Raman"
    expect(sut.mapping.placeholders['[PERSON_2]']).toBe('Priya Raman');
  });

  it('keeps intervals between dates by shifting them all by one offset', () => {
    const sut = deidentify({ record: sampleRecord() }, { dateShiftDays: -40 });
    const labs = (sut.record as ReturnType<typeof sampleRecord>).labs;
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(labs[0].taken_at).toBe('2023-11-26T08:15:00Z');
    expect(days(labs[0].taken_at, labs[1].taken_at)).toBe(91);
  });

  it('derives a stable, non-zero shift from the salt and the patient', () => {
    const a = deidentify({ record: sampleRecord() }, { salt: 's3cret' }).mapping.dateShiftDays;
    const b = deidentify({ record: sampleRecord() }, { salt: 's3cret' }).mapping.dateShiftDays;
    const c = deidentify({ record: sampleRecord() }, { salt: 'other' }).mapping.dateShiftDays;
    expect(a).toBe(b);
    expect(a).not.toBe(0);
    expect(Math.abs(a)).toBeLessThanOrEqual(365);
    expect([a, b, c].length).toBe(3);
  });

  it('shows dates in text as a placeholder carrying the shifted date', () => {
    const sut = deidentify({ text: 'Seen 03/04/2021, again on March 18, 2021.' }, { dateShiftDays: 10 });
    expect(sut.text).toBe('Seen [DATE_1: 2021-03-14], again on [DATE_2: 2021-03-28].');
  });

  it('writes ages over 89 as 90+ and leaves younger ages', () => {
    const sut = deidentify({ text: '92-year-old woman; her son is 64 years old. Aged 101.' });
    // Since the nineteenth round the unit goes with the age ("a 96-year-old" becomes "a 90+").
    expect(sut.text).toBe('90+ woman; her son is 64 years old. Aged 90+.');
    expect(sut.counts.AGE).toBe(2);
  });

  it('leaves drug names, diseases and eponyms alone', () => {
    const text =
      "History of Parkinson's disease, Hodgkin lymphoma, Crohn's disease, Cushing syndrome and Graves disease. " +
      'Takes Metformin, Lisinopril, Eliquis and warfarin. Alzheimer dementia suspected; Wilson disease excluded.';
    const sut = deidentify({ text });
    for (const term of ['Parkinson', 'Hodgkin', 'Crohn', 'Cushing', 'Graves', 'Metformin', 'Lisinopril', 'Eliquis', 'warfarin', 'Alzheimer', 'Wilson']) {
      expect(sut.text).toContain(term);
    }
  });

  // The 5 kB note against one bare compromise pass is measured by `node bench/deid.js` (a timed assertion in
  // the suite failed under the suite's own load: speed is checked by benchmarks, never by timed tests).
  it('de-identifies a 5 kB note of the legacy notes: no labelled identifier is left whole', () => {
    const notes: Array<{ text: string; identifiers: Array<{ text: string }> }> = JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/deid/notes.json'), 'utf8')).notes;
    let text = '';
    const used: string[] = [];
    for (let i = 0; text.length < 5000; i++) {
      text += `${notes[i % notes.length].text}\n`;
      used.push(...notes[i % notes.length].identifiers.map((l) => l.text).filter((t) => t.length >= 4));
    }
    const out = deidentify({ text }).text!;
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((t) => out.includes(t))).toEqual([]);
  });
});

describe('reidentify', () => {
  it('round-trips text whose names appear in one form', () => {
    const text = 'Dr. Priya Raman saw Kwame Mensah on 03/04/2021; MRN: 7730142, phone (312) 555-0147, ip 10.1.2.3.';
    const sut = deidentify({ text }, { dateShiftDays: 77 });
    expect(sut.text).not.toContain('Raman');
    expect(reidentify(sut.text!, sut.mapping)).toBe(text);
  });

  it('restores bare shifted dates and un-shifts dates the model computed', () => {
    const sut = deidentify({ text: 'INR checked 2024-01-10.' }, { dateShiftDays: -30 });
    const answer = 'Last INR 2023-12-11 ([DATE_1]); recheck by 2023-12-25.';
    expect(reidentify(answer, sut.mapping)).toBe('Last INR 2024-01-10 (2024-01-10); recheck by 2024-01-24.');
  });

  it('restores originals throughout a structured answer and leaves unknown placeholders', () => {
    const sut = deidentify({ record: sampleRecord() }, { dateShiftDays: 5 });
    const answer = { summary: '[PERSON_1] has [PERSON_9]', items: [{ who: '[PERSON_2]', phone: '[PHONE_1]' }] };
    expect(reidentifyDeep(answer, sut.mapping)).toEqual({
      summary: 'Rosalind Achterberg has [PERSON_9]',
      items: [{ who: 'Priya Raman', phone: '(555) 301-2244' }],
    });
  });
});

describe('knownIdentifiersFromRecord', () => {
  it('pulls patient and provider identifiers and tolerates missing fields', () => {
    const sut = knownIdentifiersFromRecord(sampleRecord());
    expect(sut.patientNames).toEqual(['Rosalind Achterberg']);
    expect(sut.mrns).toEqual(['MRN00917735']);
    expect(sut.providerNames).toEqual(expect.arrayContaining(['Dr. Priya Raman', 'Henrik Lindqvist']));
    expect(sut.birthDates).toEqual(['1951-07-14']);
    expect(knownIdentifiersFromRecord({ patient: { first_name: 'Ana' }, encounters: [{}] }).patientNames).toEqual(['Ana']);
    expect(knownIdentifiersFromRecord(null).patientNames).toEqual([]);
  });
});

describe('names and places without the record', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 30 }).text!;

  it('keeps eponyms and place-named terms but replaces the same words used as names and places', () => {
    const text =
      'Mr. Jackson pulled his Jackson-Pratt drain; Seattle protocol biopsies done. He moved to Seattle from Denver. ' +
      "Bell's palsy and Lyme disease noted; Foley catheter out. Mrs. Foley visited.";
    const result = out(text);
    for (const kept of ['Jackson-Pratt drain', 'Seattle protocol', "Bell's palsy", 'Lyme disease', 'Foley catheter']) expect(result).toContain(kept);
    expect(result).not.toMatch(/Mr\. Jackson|to Seattle|from Denver|Mrs\. Foley/);
  });

  it('replaces every part of "First M. Last", capitals "LAST, FIRST" and the surname wherever it recurs', () => {
    const result = out('Seen by Aurelio T. Banerjee, then OKAFOR,CHIDINMA at triage. Banerjee called OKAFOR back.');
    expect(result).not.toMatch(/Aurelio|Banerjee|OKAFOR|CHIDINMA/);
  });

  it('replaces names in non-Latin scripts, lower case and with particles', () => {
    const result = out('Pt 张伟 and his wife Ирина Петрова. caller: jose luis ramirez. Seen with Willemijn van den Berg.');
    expect(result).not.toMatch(/张伟|Ирина|Петрова|jose|ramirez|Willemijn|Berg/);
    // Any script other than Latin, not a list of them: Khmer, Lao, Myanmar, Sinhala, Gujarati, Ethiopic.
    const scripts = out('son សុខា ពៅ, wife ສົມພອນ ແກ້ວ, friend ကျော် ထွန်း, aunt ශානිකා පෙරේරා, uncle ભાવેશ શાહ, አበበ ቢቂላ called.');
    expect(scripts).not.toMatch(/[\u1780-\u17FF\u0E80-\u0EFF\u1000-\u109F\u0D80-\u0DFF\u0A80-\u0AFF\u1200-\u137F]/);
  });
  it('replaces organisations named without a head noun where the text says what they are', () => {
    const result = out('Meds filled at Fred Meyer. Works nights at Dollar General, insured through Anthem. Pharmacy: Hy-Vee. Attends Roosevelt High.');
    expect(result).not.toMatch(/Fred|Meyer|Dollar|General|Anthem|Hy-Vee|Roosevelt/);
    expect(out('Seen at Banner; transferred from Atrium. Glasses from Costco optical.')).not.toMatch(/Banner|Atrium|Costco/);
    expect(out('Refill sent to ICU. Works with PT daily. Seen by Pharmacy. Employer: none.')).toBe(
      'Refill sent to ICU. Works with PT daily. Seen by Pharmacy. Employer: none.',
    );
  });

  it('replaces lower-case names made of ordinary words after a relation or credential, not a verb after one', () => {
    const result = out('daughter ruby lane present; RN frank price at bedside; pt rose hill reports pain. son will call.');
    expect(result).not.toMatch(/ruby|lane|frank|price|rose|hill/);
    expect(result).toContain('son will call');
    const roles = out('tech nandi ran the study; driver walt brought her. interpreter services called, aide present.');
    expect(roles).not.toMatch(/nandi|walt/);
    expect(roles).toContain('interpreter services called, aide present.');
    const titled = out('her neighbour mrs. przybylski brings meals; paged dr. o\'halloran, then mr. vukovic.');
    expect(titled).not.toMatch(/przybylski|halloran|vukovic/);
    expect(titled).toContain('brings meals');
    const letterhead = out('CEDAR RIDGE PEDIATRICS\nST. JUDE MEDICAL CENTER — ED NOTE\nPRIMARY CARE FOLLOW UP; REFERRAL TO PHYSICAL THERAPY; FAMILY MEDICINE CLINIC; ICU CARE');
    expect(letterhead).not.toMatch(/CEDAR|RIDGE|JUDE/);
    expect(letterhead).toContain('PRIMARY CARE FOLLOW UP; REFERRAL TO PHYSICAL THERAPY; FAMILY MEDICINE CLINIC; ICU CARE');
    expect(out('Ordering provider: OKONJO, M (NPI 1548293021); Pt: HARGREAVES, W. seen')).not.toMatch(/OKONJO|, M |HARGREAVES|W\./);
    const eponyms = out('pt with hx of hartmann procedure, bouchard nodes, lou gehrig\'s disease and reynolds pentad; aunt ruth disease free');
    for (const kept of ['hartmann procedure', 'bouchard nodes', "lou gehrig's disease", 'reynolds pentad']) expect(eponyms).toContain(kept);
    expect(eponyms).not.toMatch(/ruth/);
    const rows = out("o'brien, siobhan — nickname Shiv\n2. o'hara, seamus\nspoke with o'malley, then left at 5 o'clock, then home");
    expect(rows).not.toMatch(/brien|siobhan|hara|seamus|malley/);
    expect(rows).toContain("then left at 5 o'clock, then home");
  });

  it('replaces a name written "LAST/FIRST" and names before a slash or a less common credential, not the credential', () => {
    const result = out('Pt KOWALCZYK/MAREK seen. K. Obuya/RN. Signed: jfortescue rn. Moana Kealamakia, IBCLC.');
    expect(result).not.toMatch(/KOWALCZYK|MAREK|Obuya|jfortescue|Moana|Kealamakia/);
    expect(result).toMatch(/\/RN\. .*IBCLC/);
  });

  it('replaces a house number on an abbreviated road and a grid address, and keeps eponyms before more head nouns', () => {
    const result = out('Pick-up 4410 FM 2222. Lives at 220 N 400 W. Buck traction, Leopold maneuvers, Mayo stand, Rumack-Matthew nomogram.');
    expect(result).not.toMatch(/4410|2222|220 N|400 W/);
    for (const kept of ['Buck traction', 'Leopold maneuvers', 'Mayo stand', 'Rumack-Matthew nomogram']) expect(result).toContain(kept);
  });

  it('keeps a score or test named after a person before its value, and its fraction, but not a person before a phone or after "with"', () => {
    const text = 'Epworth 14. Braden 16. Apgar 8/9. Tinel +, Lachman neg. Fitzpatrick III. Schirmer 5 mm.';
    expect(out(text)).toBe(text);
    expect(out('Call Murphy 555-0144. Spoke with Hamilton 2 times.')).not.toMatch(/Murphy|Hamilton/);
  });

  it('replaces a directional street without its suffix, not a hospital unit', () => {
    const result = out('Ship to 1203 N Elm. Moved from 1778 N Main last year. Transferred to 5 West Cardiology.');
    expect(result).not.toMatch(/1203|Elm|1778|Main/);
    expect(result).toContain('5 West Cardiology');
  });

  it('keeps eponymous instruments and findings ("Metzenbaum-like" heads), not a facility or a titled person', () => {
    const text = 'Harris lines on films. Hegar dilator, Kelly hemostat, Poole suction tip, Nuss bar, Koplik spots, Traube space dull.';
    expect(out(text)).toBe(text);
    expect(out('Referred to Hendricks Surgery Center. Dr. Okoro surgery today.')).not.toMatch(/Hendricks|Okoro/);
  });

  it('replaces initials and ordinary-word names before a credential, a lower-case "last, first" in a row, and acronym employers', () => {
    const result = out('Collected by KT MLT. — KB Mahlangu, PA-C. — Rusty Gold, AuD.\n3 o\'halloran, brendan 59\nWorks at IBM; retired from USPS; 3M plant.');
    expect(result).not.toMatch(/KT|KB|Mahlangu|Rusty|Gold|halloran|brendan|IBM|USPS|3M/);
    expect(out('Admitted to ICU. Works at night. Charge RN aware.')).toBe('Admitted to ICU. Works at night. Charge RN aware.');
  });

  it('keeps eponymous assessment instruments, operations and findings, and a few device and vaccine brands', () => {
    const text = 'Michigan Neuropathy Screening Instrument 5. Glenn anastomosis, Steinmann pins, Miller 2 blade. Meds from Pyxis; Shingrix given. Somogyi effect.';
    expect(out(text)).toBe(text);
  });

  it('replaces a place after a place label, an age at death, a credential before a name and a self-introduction', () => {
    const result = out('City: Mexia. Place of birth: Trabzon. Grandfather Leopold lived to 99. Circ: CST Brannigan. LPN dimitri. hi this is rosalind.');
    expect(result).not.toMatch(/Mexia|Trabzon|99|Brannigan|dimitri|rosalind/);
  });

  it('replaces an appositive age after a person word and a lower-case surname that is a noun after a relation, not a fraction after "pain"', () => {
    const result = out('Resident (98) found on floor. Her mother, 100, lives alone. daughter penny hart reports. neighbor ted fox here.');
    expect(result).not.toMatch(/98|100|hart|fox/);
    expect(out('Pt states pain 4/10.')).toBe('Pt states pain 4/10.');
    expect(out('daughter penny at bedside today.')).toContain('at bedside today');
  });

  it('replaces an employer after an employment cue even when it is also a vendor name, not a department or a time', () => {
    const result = out('Works for Amazon. At work (Sunny Nails) when it started.');
    expect(result).not.toMatch(/Amazon|Sunny|Nails/);
    const kept = 'Works at night. Works in Radiology. Retired from Nursing. She is employed by the ICU. Terry nails.';
    expect(out(kept)).toBe(kept);
  });

  it('replaces a name after a role label and a registration surname before a given name no lexicon knows', () => {
    const result = out('Scribe: Oyelaran. Circ: Thistlewood. ED board: 4 — CHEN, Mei-ling — 38F');
    expect(result).not.toMatch(/Oyelaran|Thistlewood|CHEN|Mei-ling/);
    expect(out('Consults: ICU, Pulmonary and Renal.')).toBe('Consults: ICU, Pulmonary and Renal.');
  });

  it('replaces a town in capitals before a state after a place word or before a ZIP, not a unit before a credential', () => {
    const result = out('LIVES IN TIFTON GA. MAIL TO HAZARD KY 41701.');
    expect(result).not.toMatch(/TIFTON|HAZARD/);
    expect(out('BP IN ICU PA. SEEN IN ED OR.')).toBe('BP IN ICU PA. SEEN IN ED OR.');
  });

  it('replaces a Vietnamese name in lower case whatever its given name, a lower-case O\' surname and initials glued to a name', () => {
    const result = out('pt: nguyen van an. spoke with o\'brien about meds. J.R. Haskins, MD.');
    expect(result).not.toMatch(/nguyen|van an|brien|J\.R|Haskins/);
    expect(out('Meds at 8 o\'clock.')).toBe('Meds at 8 o\'clock.');
  });

  it('replaces a name after a relation even before an eponym head noun', () => {
    expect(out("That was her husband Harold's chart.")).not.toMatch(/Harold/);
    expect(out('Lund and Browder chart used.')).toBe('Lund and Browder chart used.');
  });

  it('replaces organisations ending in General, Memorial or Regional, with any head words after them, and "Our Lady of …"', () => {
    const result = out('Born at Our Lady of Lourdes. Transferred from Riverside General. Seen at Hillcrest Regional Medical Center. Filled at Keystone Pharmaceuticals.');
    expect(result).not.toMatch(/Lady|Lourdes|Riverside|General|Hillcrest|Regional|Medical Center|Keystone/);
  });

  it('replaces a dotted US-order date with a four-digit year and a dashed month-day after "filled"', () => {
    expect(out('DOB: 3.22.1940. Filled 03-22 qty 30.')).toMatch(/^DOB: \[DATE_1: [^\]]+\]\. Filled \[DATE_2: [^\]]+\] qty 30\.$/);
  });

  it('replaces a weekday before a day of the month alone', () => {
    expect(out('Fell Sunday the 3rd. Seen on the 4th.')).not.toMatch(/Sunday|3rd|4th/);
  });

  it('keeps a capitalised function word opening a sentence out of the name after it', () => {
    const result = out('From Lake County. Moved here from Ashtabula County last year.');
    expect(result).toMatch(/^From \[/);
    expect(result).toContain('Moved here from [');
  });

  it('replaces places written as ordinary words after a place word or before a state, and a name alone on a line', () => {
    const result = deidentify({ text: 'She came from Golden Valley with her son.\nNotes from Temple, TX reviewed.\n\nQuorvath\n' }, { dateShiftDays: 30 }).text!;
    expect(result).not.toMatch(/Golden|Valley|Temple|Quorvath/);
    expect(result).toContain('TX');
  });
});

describe('deidentifyFreeText', () => {
  it('shares one registry across the texts of a request and leaves placeholders intact on a second pass', () => {
    const key = 'server-secret';
    const first = deidentifyFreeText('Dr. Priya Raman saw the patient on 2024-01-03. Age 93.', { key, subject: 'patient:7' });
    const second = deidentifyFreeText('Raman will call back.', { registry: first.registry });
    expect(second.text).toBe(`${/\[PERSON_\d+\]/.exec(first.text)![0]} will call back.`);
    expect(deidentifyFreeText(first.text, { registry: first.registry }).text).toBe(first.text);
  });

  it('derives the same shift for a patient in every request, from the key', () => {
    const a = deidentifyFreeText('Admitted 2024-01-03.', { key: 'k1', subject: 'patient:7' });
    const b = deidentifyFreeText('Completely different note, seen 2023-05-05.', { key: 'k1', subject: 'patient:7' });
    expect(a.mapping.dateShiftDays).toBe(b.mapping.dateShiftDays);
    expect(a.mapping.dateShiftDays).toBe(keyedShiftDays('k1', 'patient:7'));
    expect(Math.abs(a.mapping.dateShiftDays)).toBeGreaterThanOrEqual(16);
    const retry = deidentifyFreeText('Free text 2024-01-03 with no patient.', { key: 'k1' });
    expect(deidentifyFreeText('Free text 2024-01-03 with no patient.', { key: 'k1' }).text).toBe(retry.text);
  });
});

describe('forms of identifiers in note styles the first rules were not written for', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it.each([
    ['a lower-case name before a lower-case credential', '-okoro rn', ['okoro']],
    ['a lower-case name with an initial and particles', 'j. van der merwe rn', ['merwe']],
    ['two unknown lower-case words after "pt"', 'pt gökhan yıldırım c/o pain', ['gökhan', 'yıldırım']],
    ['a registration name in capitals with no known given name', 'NAKASHIMA, AKIRA | 67', ['NAKASHIMA', 'AKIRA']],
    ['initials signing before a credential', 'ICU 0300 TW (RN): agitated', ['TW']],
    ['a two-letter surname in capitals before a known given name', 'Pt XU, DELLA seen today.', ['XU', 'DELLA']],
    ['an ordinary-word name beside a name in lower case', 'called jade declercq re results', ['jade', 'declercq']],
    ['a nickname in quotes', 'nephew Tunde "TJ" Oyelowo drove', ['TJ', 'Oyelowo']],
    ['an ordinary word as the surname after a given name', 'Seen Lucy Baker today.', ['Baker']],
    ['a town that is an ordinary word before a state code', 'Orange CA resident, 64M.', ['Orange']],
    ['a town of ordinary words after a place word or before "native"', 'Big Spring native; drives from Twin Falls for dialysis.', ['Big', 'Spring', 'Twin', 'Falls']],
    ['a numbered street and a road', 'at 318 14th Street Unit 255 near Hwy 49 North', ['318', '14th', '49']],
    ['an abbreviated weekday with its date', 'excused Wed 3/4 through Fri 3/6', ['Wed', 'Fri']],
    ['an age said of the patient', 'Pt is 96, at peace.', ['96']],
    ['a name made into an e-mail address', 'From: robin.oshea71@outlook.com\nthis is robin o\'shea', ['robin', "o'shea"]],
  ])('replaces %s', (_, text, leaked) => {
    const result = out(text);
    for (const word of leaked) expect(result).not.toContain(word);
  });

  it('keeps eponyms with modifiers, suffix heads and device brands ("Framingham risk score", "Heller myotomy", "Kerlix")', () => {
    const text = 'Framingham risk score high; Heller myotomy planned; Kerlix packing; Vancouver Scar Scale 4; Mr. Lopez pain score 3.';
    const result = out(text);
    for (const term of ['Framingham risk score', 'Heller myotomy', 'Kerlix packing', 'Vancouver Scar Scale']) expect(result).toContain(term);
    expect(result).not.toContain('Lopez');
  });
});

describe('fifth round: name forms checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes the surname a particle opens: Welsh ap, Malay binti, Māori te, Berber aït, Catalan i (in lower case too)', () => {
    const text = 'Stepmother Siti binti Osman and cousin Arnau Serra i Puig came; co-worker eluned ap griffith and fiancée tamsin te rangi, boyfriend yannick aït mansour.';
    const result = out(text);
    for (const w of ['Osman', 'Puig', 'Serra', 'griffith', 'rangi', 'mansour', 'binti']) expect(result).not.toContain(w);
    // A lone "i", "y" or "e" is a name's conjunction only between Title Case words.
    expect(out('I went to the store and I bought milk; took e.g. tea y cafe.')).toBe('I went to the store and I bought milk; took e.g. tea y cafe.');
  });

  it('reads a role word opening a run as the cue, and capitals beside a Title Case name as the surname', () => {
    expect(out('Participant PENGELLY Osric  MRN: 4410227')).not.toMatch(/PENGELLY|Osric/);
    expect(out('Inmate: VASHCHENKO, ORYSIA  DOC 4410')).not.toMatch(/VASHCHENKO|ORYSIA/);
    expect(out('Case: Pengelly, Osric Q., owner of goats.')).not.toMatch(/Pengelly|Osric/);
    // Not a role word followed by ordinary words.
    expect(out('Participant completed session 9 of the programme.')).toBe('Participant completed session 9 of the programme.');
  });

  it('takes a second unknown word after a relation, a given name before a lower-case credential, and more credentials', () => {
    expect(out('Living with roommate wendeline okoth.')).not.toMatch(/wendeline|okoth/);
    expect(out('seen by osric pengelly bsn, rn today')).not.toMatch(/osric|pengelly/);
    expect(out('Verified by Gwerful Prydain CCRP and Brannoch Tull CPTC.')).not.toMatch(/Gwerful|Prydain|Brannoch|Tull/);
    // A relation before ordinary words keeps them.
    expect(out('Living with roommate since March, son will call.')).toContain('roommate since');
  });
});

describe('fifth round: places, codes, local numbers and employers checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('replaces rural and capitalised street addresses, and a lower-case town before its state code', () => {
    const result = out('Home: HC 64 Box 221, Tonopah, NV. Old: RR 2 Box 118. Mail to 4410 SAGEBRUSH FLATS RD, BLANDING, UT 84511. walk-in from kemmerer, NM.');
    for (const w of ['HC 64', 'Box 221', 'RR 2', 'Box 118', 'SAGEBRUSH', 'FLATS', 'kemmerer']) expect(result).not.toContain(w);
    // A department in capitals after a number, and an ordinary word before a state code, stay.
    expect(out('Seen on 4 WEST TOWER; pain, NM? no; call ICU.')).toBe('Seen on 4 WEST TOWER; pain, NM? no; call ICU.');
  });

  it('takes a short capital code with its number ("SN 441092771", "HAR 44102291"), a spaced local number after a sending word, an age said in passing', () => {
    const result = out('serial SN 441092771; Acct HAR 44102291; text results to 717 3992; great-grandmother (now 93) helps.');
    for (const w of ['SN 441', 'HAR', '441092771', '44102291', '717 3992', '93']) expect(result).not.toContain(w);
    expect(out('MRN 4410227 and BP 1200 1400 reviewed; dose to 100 mg; HR now 93.')).toContain('HR now 93');
    expect(out('Increase to 250 1000 mg later.')).toContain('250 1000 mg');
  });

  it('ends an employer at a Title Case head after an employment cue ("works at Glenmoor Packing")', () => {
    expect(out('Works at Glenmoor Packing near the river.')).not.toContain('Glenmoor');
    expect(out('Mikulicz Packing changed today.')).toContain('Mikulicz Packing');
  });
});

describe('fifth round: forms found by scoring twelve probe notes of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('reads lower-case "surname, given name" after a row number or a colon whatever the names, not a list of words', () => {
    expect(out('Attendance: 1. okonjo-bright, adaeze 2. villanueva, teodoro')).not.toMatch(/okonjo|adaeze|villanueva|teodoro/);
    expect(out('Plan: 1. pain, nausea 2. metoprolol, lisinopril')).toBe('Plan: 1. pain, nausea 2. metoprolol, lisinopril');
  });

  it('takes a rep in lower case, a given-name initial after a surname, a health plan whole, an age in words in parentheses', () => {
    const result = out('spoke w/ rep deshonda; seen by Brask O. later; FAX to Meridian Health Plan; DOB 03/14/1931 (ninety-four).');
    for (const w of ['deshonda', 'Brask', ' O.', 'Meridian', 'Plan', 'ninety-four']) expect(result).not.toContain(w);
    expect(out('Did 10 rep squats; (ninety) percent? no.')).toContain('10 rep squats');
  });

  it('reads Portuguese "do" inside a name, joiners inside an employer, Wisconsin grid addresses; keeps "Descemet stripping"', () => {
    const result = out("walk-in: priscila do nascimento and Priscila Do Nascimento; shops at Pick 'n Save; from W163 N9876 Mill Rd; Descemet stripping planned.");
    for (const w of ['priscila', 'nascimento', 'Nascimento', 'Pick', 'Save', 'W163', 'N9876', 'Mill']) expect(result).not.toContain(w);
    expect(result).toContain('Descemet stripping');
    expect(out('Do Not Resuscitate order signed; we do ambulate him.')).toBe('Do Not Resuscitate order signed; we do ambulate him.');
  });

  it('keeps facility names that hold a symptom word and English words ending like a genus, and a date after an employer', () => {
    const result = out('Referred to Harbor Headache Center; Employer: Umbrella Logistics; seen at Mercy on March 3.');
    for (const w of ['Harbor', 'Headache Center', 'Umbrella', 'Mercy']) expect(result).not.toContain(w);
    expect(result).not.toContain('March 3');
  });

  it('keeps a classification named before its stage code ("Banff 1A", "Clark IVb"), not a name with its suffix', () => {
    expect(out('Banff 1A on biopsy; Clark IVb lesion.')).toBe('Banff 1A on biopsy; Clark IVb lesion.');
    expect(out('Seen with Dr. Alderton IV today.')).not.toContain('Alderton');
  });
});

describe('fifth round: clinical terms checked on probe lists of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('keeps eponyms of anatomy and findings ("Gerota fascia", "Calot triangle", "Mulder click", "Bruton agammaglobulinemia")', () => {
    const text = 'Gerota fascia intact; Calot triangle dissected; Kiesselbach plexus bleed; Mulder click R; Sprengel deformity; Hoffmann fixator; Bruton agammaglobulinemia; Bruch membrane; hx of scarpa fascia.';
    const result = out(text);
    for (const t of ['Gerota fascia', 'Calot triangle', 'Kiesselbach plexus', 'Mulder click', 'Sprengel deformity', 'Hoffmann fixator', 'Bruton agammaglobulinemia', 'Bruch membrane', 'scarpa fascia']) expect(result).toContain(t);
    // A title or a relation still makes the word a person ("Dr. Gerota", "wife Calot").
    expect(out('Seen by Dr. Gerota today; wife Ottilie Calot present.')).not.toMatch(/Gerota|Calot/);
  });

  it('keeps "N of X" anatomy and more eponym heads, and an eponym after a sentence\'s first word, not a person after a relation', () => {
    const text =
      'Circle of Willis patent; distal to the ligament of Treitz; fluid in the Pouch of Douglas; stone at the ampulla of Vater. ' +
      'Negri body seen; Capgras delusion; Ghon complex; Modic changes; Amsler grid normal; s/p Burch colposuspension; Pierre Robin sequence.\n' +
      'Discussed Touton giant cells with family.';
    const result = out(text);
    for (const t of ['Circle of Willis', 'ligament of Treitz', 'Pouch of Douglas', 'ampulla of Vater', 'Negri body', 'Capgras delusion', 'Ghon complex', 'Modic changes', 'Amsler grid', 'Burch colposuspension', 'Pierre Robin sequence', 'Touton giant cells']) {
      expect(result).toContain(t);
    }
    // "of" after a word that is not a part of the body, a relation or a verb before the run: people.
    const people = out('Note dictated on behalf of Marguerite Ostrowski. Son Thabo bringing cushion. Daughter of Ilse Brandvold called.');
    expect(people).not.toMatch(/Ostrowski|Thabo|Brandvold/);
  });

  it('replaces organisations by initials after a cue, in lower case after an employment cue, after an organisation field, and with foreign company forms', () => {
    const text =
      'Records requested from UPMC; transferred to SJMC overnight. Insurance: MUSC. Works at kessler trucking as a driver.\n' +
      'Manufacturer: Halvorsen Medical Devices\nClub: Ashford Rovers U14\nRequester: Brandt & Ochoa LLP\nEmployer: Dubois et Fils SARL\nWorks for Acme Holdings plc.';
    expect(out(text)).not.toMatch(/UPMC|SJMC|MUSC|kessler|Halvorsen|Ashford|Rovers|Brandt|Ochoa|Dubois|Fils|Acme/);
    // Care settings and plan types after the same cues, ordinary words after a field, and a place of work that is no organisation.
    const kept = out('Transferred to ICU, then discharged to SNF. Insurance: HMO. Practice: Day 3 of admission. Club: None. She works at home as a tutor.');
    for (const t of ['ICU', 'SNF', 'HMO', 'Day 3', 'None', 'works at home']) expect(kept).toContain(t);
  });

  it('takes the time of day written with a date into the date, and leaves a number after a date alone', () => {
    const text = 'Seen 3/14/2025 14:22 in clinic. Fri, 6 Feb 2026 14:22:10 -0600 call logged. Transplant call 2/20/50 @ 1904. May 3 at 0830h dose given. On 12/01 at 9:15 PM she fell.';
    expect(out(text)).not.toMatch(/14:22|1904|0830|9:15|-0600/);
    const kept = out('Follow up 3/4, 2 tabs daily. Seen 3/4 1530 units given. Visit 1/2/2024, 10 mg given.');
    for (const t of ['2 tabs', '1530 units', '10 mg']) expect(kept).toContain(t);
  });

  it('replaces initials defined after an organisation everywhere, public bodies named "Department of …", clubs, and lower-case organisations after a care cue', () => {
    const text =
      'Copy to Coulee Regional Hospital (CRH). Later faxed CRH again. Referred by Department of Children and Families. ' +
      'Away at Cairns Crocs Netball Club. Seen at bluestem integrated care same day. Subpoena from the Law Office of Priya Natesan.';
    expect(out(text)).not.toMatch(/Coulee|CRH|Children and Families|Cairns|Crocs|bluestem|Natesan/);
    const kept = out('Seen in the Department of Surgery today. Sent to wound care. Seen at home same day.');
    for (const t of ['Department of Surgery', 'wound care', 'Seen at home']) expect(kept).toContain(t);
  });

  it('replaces house numbers with a hyphen or letter, POB, rural routes without a box, mile markers, Nordic and Polish streets and country-domain links', () => {
    const text = 'Home 41-B Harbourview Terrace; 91-1001 Kaimalie St. Lives POB 560, or Star Route 2. Rural Route 7, Box 42A. Away at Mile Marker 212. Drop-off at Åkervägen 737; os. Siedlecki 38a. Results at holyroodmedical.ie/ent/1908.';
    expect(out(text)).not.toMatch(/Harbourview|Kaimalie|POB 560|Star Route|42A|Marker 212|Åkervägen|Siedlecki|holyroodmedical/);
    expect(out('MM 5 of the biopsy; a 5 mm lesion.')).toContain('MM 5');
  });

  it('keeps drug brands and generics out of a dosing context, and a drug that starts like a ZIP label, not a person named like a brand', () => {
    const text = 'She is on Valcyte and Prograf, tolerating both. Side effects from Entresto. Insurance denied Trikafta. Lacosamide was held. Meds: Ziprasidone 20 mg.';
    const result = out(text);
    for (const t of ['Valcyte', 'Prograf', 'Entresto', 'Trikafta', 'Lacosamide', 'Ziprasidone']) expect(result).toContain(t);
    // A brand that a gazetteer holds as a given name stays a name outside a dosing context.
    expect(out('Spoke with Skyla Brennagh about the bill.')).not.toMatch(/Skyla|Brennagh/);
    expect(out('Zip 02115; zipcode 60614.')).not.toMatch(/02115|60614/);
  });

  it('keeps organisms by their binomial or genus ending, and drug brands named by what is done with them', () => {
    const text = 'Cultures grew Francisella tularensis and Stenotrophomonas; Toxoplasma gondii IgG pos. Started Zubsolv today; continue Xeljanz; Lucemyra 0.18 mg PO; on Prolia since 2019.';
    const result = out(text);
    for (const t of ['Francisella tularensis', 'Stenotrophomonas', 'Toxoplasma gondii', 'Zubsolv', 'Xeljanz', 'Lucemyra', 'Prolia']) expect(result).toContain(t);
    // Not a person after a prescribing verb, a given name and a particle, or a visit on a schedule.
    const people = out('Started Maria on metformin; Siti binti Osman seen; visits Marisol weekly; hold Amos Tuttle until seen.');
    for (const w of ['Maria', 'Osman', 'Marisol', 'Tuttle']) expect(people).not.toContain(w);
  });
});

describe('deidentifyFreeText under hostile input (~100 kB)', () => {
  const SIZE = 100_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

  it.each([
    ['one huge token of letters', fill('a')],
    ['one huge token of digits', fill('7')],
    ['one huge token of letters and digits', fill('A1b2')],
    ['many capitalised words', fill('Alpha Bravo Charlie Delta ')],
    ['capitalised words before a street suffix that never comes', fill('12 Old Mill Kestrel Harbor ')],
    ['deep punctuation', fill('(.[,-/:;')],
    ['dates run together', fill('3/4-5/6-')],
    ['month names and ordinals run together', fill('March the 4th of May ')],
    ['spaced digit groups after a record keyword', 'MRN ' + fill('12 ')],
    ['spaced digit groups after any number sign', fill('Record # 12 ')],
    ['a birth word then year words', 'born ' + fill('nineteen twenty ')],
    ['particles and role words run together', fill('Participant ap Te binti i Osric ')],
    ['capitalised words and Latin-looking epithets run together', fill('Started Xeljanz grew Bacillus cereus on ')],
    ['a number then words in capitals that never reach a street suffix', fill('12 ALPHA BRAVO CHARLIE ')],
    ['rural routes and boxes run together', fill('HC 12 Box RR 4 Box ')],
    ['a vehicle word then letters and digits', fill('plate AB1 ')],
    ['dots and at-signs like an e-mail', fill('a.b@')],
    ['placeholders of an earlier pass among capitalised words', fill('[PERSON_1] Alma Reyes [DATE_2: 2024-01-01] 90+ ')],
    ['one header line of endless recipients', 'To: ' + fill('ana bel; ')],
    ['place words and lower-case words before a head that never comes', fill('at kingsway lane from ')],
    ['greetings and self-introductions run together', fill("hi its im i'm ")],
  ])('completes on %s and keeps its structure', (_, text) => {
    const { text: out } = deidentifyFreeText(text, { dateShiftDays: 45 });
    expect(typeof out).toBe('string');
    expect(out.length).toBeGreaterThan(0);
    // Placeholders are short: the output stays of the same order as the input, not exploded or truncated to nothing.
    expect(out.length).toBeLessThan(text.length * 4);
  });

  it('still replaces an identifier at the end of a 100 kB note of ordinary prose', () => {
    const text = fill('Patient seen in clinic, gait stable, no falls. ') + ' Called 555-301-2244.';
    const { text: out } = deidentifyFreeText(text, { dateShiftDays: 45 });
    expect(out).not.toContain('555-301-2244');
    expect(out.startsWith('Patient seen in clinic')).toBe(true);
  });
});

describe('deidentify under every hostile input shape of the benchmark', () => {
  // The benchmark times these at 50,000 characters (bench/deid.js); here each must complete and
  // keep its structure. A shorter length keeps the suite quick while still exercising long runs.
  it.each(hostileInputs(20_000))('completes on %s', (_, text) => {
    const { text: out } = deidentify({ text }, { dateShiftDays: 45 });
    expect(typeof out).toBe('string');
    expect(out!.length).toBeGreaterThan(0);
    expect(out!.length).toBeLessThan(text.length * 4);
  });

  it('still replaces an e-mail address and a web address after a long run of hyphenated words', () => {
    const run = 'Kasabach-'.repeat(2000);
    const out = deidentify({ text: `${run} write to r.achterberg@example.org or portal.example-clinic.org/patients/1234 today` }, { dateShiftDays: 45 }).text!;
    expect(out).not.toMatch(/achterberg|example-clinic/);
  });
});

describe('sixth round: slots, kin words, organisations and regions checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes every item of an e-mail header line in any case, but not generic recipients', () => {
    const result = out('FROM: Vaiana Tuilagi\nTO: sione havili; Mele Taufa\ncc: losaline fonua, Wound Care\nRe: Havili dressing change');
    for (const w of ['Vaiana', 'Tuilagi', 'sione', 'havili', 'Havili', 'Mele', 'Taufa', 'losaline', 'fonua']) expect(result).not.toContain(w);
    // Generic recipients in lower case are not people ("From: Pharmacy" in Title Case was a person before this round too).
    expect(out('To: all staff\ncc: pharmacy team; pcp\nfrom: ed charge nurse')).toBe('To: all staff\ncc: pharmacy team; pcp\nfrom: ed charge nurse');
  });

  it('reads a self-introduction or "relation of" as a cue, not a possessive "its" mid-sentence', () => {
    const result = out("hiya it's ffion pritchard here, son of gwilym. i am carys his carer; wife of dafydd rang");
    for (const w of ['ffion', 'pritchard', 'gwilym', 'carys', 'dafydd']) expect(result).not.toContain(w);
    expect(out('Each drug is listed with its rationale and its considerations.')).toBe('Each drug is listed with its rationale and its considerations.');
  });

  it('takes people named by a journey, rescue or death role and by kin words borrowed from other languages', () => {
    const result = out('Passenger DASHI TSYRENOV flying. Casualty Pirimi Tautahi extricated; her kokum Ellen Moosetail and abuelo Teodoro came.');
    for (const w of ['DASHI', 'TSYRENOV', 'Pirimi', 'Tautahi', 'Moosetail', 'Teodoro']) expect(result).not.toContain(w);
  });

  it('ends organisations at Partners, Trust, Co-op, Service, Council, Health Board, and finds lower-case ones after a place word', () => {
    const result = out('Referred by Tamarind Partners and Whitmore Health Trust; supplies via Dunmore Co-op; Ravenshaw Ambulance Service and Kestrel County Council.');
    for (const w of ['Tamarind', 'Whitmore', 'Dunmore', 'Ravenshaw', 'Kestrel']) expect(result).not.toContain(w);
    const lower = out('meds from penrose chemist; physio at fairhaven clinic, dr x at harbourside medical.');
    for (const w of ['penrose', 'fairhaven', 'harbourside']) expect(lower).not.toContain(w);
    expect(out('Filled at local pharmacy, seen at wound clinic, to mail order pharmacy.')).toBe('Filled at local pharmacy, seen at wound clinic, to mail order pharmacy.');
  });

  it('takes towns before Australian states and Canadian provinces, Australian postcodes, and towns after "Address:" or "Suburb:"', () => {
    const result = out('Suburb: Toowong QLD 4066. Previously Mildura VIC 3500; niece at Nanaimo, BC. Remote clinic, Tennant Creek NT 0860.');
    for (const w of ['Toowong', '4066', 'Mildura', '3500', 'Nanaimo', 'Tennant', '0860']) expect(result).not.toContain(w);
    // Ambiguous codes need a town no lexicon knows: "pain ON exertion", "soft NT ND".
    expect(out('Chest pain ON exertion. Abdomen soft NT ND.')).toBe('Chest pain ON exertion. Abdomen soft NT ND.');
  });

  it('keeps operations named after a surgeon before reversal, takedown or revision', () => {
    expect(out('Planned Hartmann reversal and Billroth II reversal; hx of kock pouch takedown.')).toContain('Hartmann reversal');
  });

  it('takes lower-case names after a talking verb and "with"/"to" or after "signed", and Centre or Unit after a head', () => {
    const result = out('Spoke with seonag macinnes (CPN); signed tamsin achterberg. Booked at Golden Dragon Wellness Centre.');
    for (const w of ['seonag', 'macinnes', 'tamsin', 'achterberg', 'Dragon', 'Centre']) expect(result).not.toContain(w);
    expect(out('Spoke with pharmacy about dosing; talked to nursing staff.')).toBe('Spoke with pharmacy about dosing; talked to nursing staff.');
  });

  it('keeps a drug taken on a schedule after "on" ("on Bicillin monthly"), not a person visited on one', () => {
    expect(out('Remains on Zarvessa monthly and on Bicillin q4wk.')).toBe('Remains on Zarvessa monthly and on Bicillin q4wk.');
    expect(out('Daughter visits Marisol weekly.')).not.toContain('Marisol');
  });
});

describe('seventh round: clinical words known by their shape and their dosing, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  // [rule, a line kept whole, a line whose names must go, those names]
  const cases: Array<[string, string, string, RegExp]> = [
    ['words shaped like a drug (INN stems) or a condition, not a short name that only ends like one', 'Tocilizumab and Ustekinumab started; Pyelonephritis and Dacryocystocele noted.', 'Paloma Okonkwo seen with her son.', /Paloma|Okonkwo/],
    ['a word before a dosing schedule or after a route, not a given name before "daily"', 'Yervantis bd, Brolvex q2w and intravitreal Oculvex.', 'Tomasz Wisniewski visits daily.', /Tomasz|Wisniewski/],
    ['a drug before its salt and a sign before its finding, not a person "positive for" something', 'Quinidex sulphate given; Oppenheim negative.', 'Maria Lopez positive for influenza.', /Maria|Lopez/],
    ['a drug said to be given or dosed in puffs, not a relative given something', 'Zolvantra given; Brivexo 2 puffs bd.', 'Daughter Aroha given a leaflet.', /Aroha/],
    ['a drug before its strength or a route word in its case, not an organisation before "Infusion Services" or a town before "SC"', 'Protopic 0.1% bd; IV Zorvexa.', 'Coram Infusion Services; Columbia, SC Greenville.', /Coram|Greenville/],
    ['a drug before "bd" or "6-monthly", not a store or church before "weekly"', 'Zolvantra bd; Brivexo 6-monthly.', 'Shops at Kroger weekly; attends Shiloh Baptist weekly.', /Kroger|Shiloh/],
    ['unknown brands in a list of drugs, not names listed after one', 'Vimpat 100 mg bd, Zorvexa, Talimbra, Keppra.', 'Lasix, Maria and Jonah came to clinic.', /Maria|Jonah/],
    ['an unknown brand alone in its item beside a drug, not where a vaccine was given', 'Lasix 40 mg od, Zorvexa.', 'Prevnar 20, Kestrelmart 3/4/2019.', /Kestrelmart/],
    ['"Medicare" beside a drug, not insurers listed beside it', 'Medicare covers Ozempic 1 mg, Zorvexa.', 'Insurance: Medicare, Humana and Aetna.', /Humana|Aetna/],
    ['a condition by its ending, not one that names a charity or a centre', 'Seen for Pyelonephritis.', 'Referred to the Arthritis Foundation and the Leukemia & Lymphoma Society.', /Foundation|Society/],
    ['an eponym before "jelly", not a town before "area"', 'Wharton jelly noted.', 'Lives in the Kansas City area.', /Kansas/],
    ['eponyms before screw, jelly, spindle and a learned adjective with its head, not a surname after a title', 'Bosworth screw, Wharton jelly, Krukenberg spindle and Fuchs endothelial dystrophy.', 'Mr Bosworth screw loose', /Bosworth/],
  ];

  it.each(cases)('keeps %s', (_rule, kept, named, names) => {
    expect(out(kept)).toBe(kept);
    expect(out(named)).not.toMatch(names);
  });
});

describe('seventh round: date, age and record-label forms, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  // [form, a line whose identifier must go, what must not survive, a line kept whole]
  const cases: Array<[string, string, RegExp, string]> = [
    ['a qualifier before a date or a month', 'Seen early March 2019, mid-June and late Aug.', /early|March|mid|June|late|Aug/, 'A mid-term review; it may be late.'],
    ['the first day of a range before a day and month', 'Admitted 3-5 June.', /3-|June/, 'Admitted for 2-3 days.'],
    ['an ISO time joined to its date', 'Drawn 2024-03-03T10:15 at home.', /T10|03-03/, 'CD4 T-cells low.'],
    ['an ISO week and a holiday with its year', 'Check 2024-W14; admitted Christmas Day 2023.', /W14|Christmas|2023/, 'Seen in week 14; Q3 2024 audit.'],
    ['a two-digit year after a month and day, not an hour', 'Reviewed SEPT 2 23 by phone.', /SEPT|\b23\b/, 'Leave at 10 am.'],
    ['a year after an apostrophe before a full stop, and no hour taken for a year', "Seen Feb 27 '87.", /Feb|'87/, 'Seen at 12 noon.'],
    ['the decade of an age over 89, not of one under 90', 'A widow in her 90s.', /90s/, 'A widow in her 80s.'],
  ];

  it.each(cases)('replaces %s', (_form, line, gone, kept) => {
    expect(out(line)).not.toMatch(gone);
    expect(out(kept)).toBe(kept);
  });

  it('reads record and device labels as labels, not names, and still replaces their numbers', () => {
    const result = out('Lot# 23B0417; Hosp No K7782913; Acc No. A1234567');
    expect(result).toMatch(/^Lot# \[[A-Z_]+_1\]; Hosp No \[[A-Z_]+_\d\]; Acc No\. \[/);
    expect(result).not.toMatch(/23B0417|K7782913|A1234567/);
  });
});

describe('eleventh round: phone, device, age and date forms, organisations with clinical words, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('replaces phones with a slash after the area code, spaced hyphens, a trunk prefix in brackets and London 4-4 groups', () => {
    const text = 'Mobile 808/506-2427 x61. Nurse line 314 - 555 - 0176. Call on (0)58 5553 2475. Son (020 7794 3315).';
    expect(out(text)).not.toMatch(/506|2427|x61|0176|5553|2475|7794|3315/);
  });

  it('replaces a GS1 serial or lot element without its device code, and leaves a bracketed reference alone', () => {
    expect(out('Pump serial (21)8073979752; lot (10)A7731B.')).not.toMatch(/8073979752|A7731B/);
    expect(out('See reference (21) in the appendix.')).toContain('(21)');
  });

  it('replaces an age over 89 in words standing alone, not a quantity written in words', () => {
    expect(out('HALBERSTAM, DVORA | ninety-four | MRN F314-1791. Mrs Adeyemi (ninety-eight!) is well.')).not.toMatch(/ninety/);
    const kept = out('Walked ninety minutes; a ninety-day supply; a hundred and ten mg; one hundred percent; ninety thousand steps.');
    for (const t of ['ninety minutes', 'ninety-day', 'a hundred and ten mg', 'one hundred percent', 'ninety thousand']) expect(kept).toContain(t);
  });

  it('takes a roman-numeral month, a bare time after a date, a time before its date and a season with its year', () => {
    const text = 'DOB 14.x.2019. 02/03/2024 0715 — bags hung. Died at 01:55 on 17 November. Created summer of 2022.';
    expect(out(text)).not.toMatch(/14\.x|0715|01:55|summer|2022/);
    expect(out('Seen 3/4 1530 units given.')).toContain('1530 units');
  });

  it('replaces an organisation whose name holds a clinical word, and "University of …", without spreading its words as a name', () => {
    const text = 'Transfer to Ottumwa Pineywoods Health System. Studying at University of Strathclyde. Debt advice: Haemophilia Families Fund.';
    expect(out(text)).not.toMatch(/Ottumwa|Pineywoods|Strathclyde|Families Fund/);
    const kept = out('Seizure diary — Tillamook Epilepsy Nurse Service.\nKnown juvenile myoclonic epilepsy. Epilepsy nurse reviewed.');
    expect(kept).toContain('juvenile myoclonic epilepsy');
    expect(kept).toContain('Epilepsy nurse');
  });

  it('replaces British, Dutch and Nordic street forms and a post office box written out', () => {
    const text = 'Lives Flat 9, 58 Ravensbourne Parade. Home 3 Chandlery Wharf; 77 Old Mill Race. Post Office Box 1204. Nordins Väg 313; Luukdijk 155 I.';
    expect(out(text)).not.toMatch(/Ravensbourne|Chandlery|Old Mill|1204|Nordins|Luukdijk/);
    expect(out('BP 120/80, bp 130 later.')).toContain('BP 120/80');
  });

  it('replaces a name in lower case before a bracketed credential and a lower-case or capitals name after a role word, not ordinary words', () => {
    expect(out('Reviewed with rivka (lpn) today.')).toBe('Reviewed with [PERSON_1] (lpn) today.');
    const text = 'Paediatrician: rivka (lpn). Keyworker ANIRUDH RAMANATHAN. Godson souvik mukhopadhyay visits. Deceased: anush hovhannisyan aged 93. Processed by NM MD.';
    expect(out(text)).not.toMatch(/rivka|ANIRUDH|RAMANATHAN|souvik|mukhopadhyay|anush|hovhannisyan|NM MD/);
    const kept = out('The nurse called back; patient feels better; friend will visit; seen by the nurse (rn); caller very upset.');
    for (const t of ['nurse called back', 'patient feels better', 'friend will visit', 'the nurse (rn)', 'caller very upset']) expect(kept).toContain(t);
  });

  it("leaves a reporting view's hexadecimal patient key whole, and still replaces a long number beside letters in capitals", () => {
    const result = out('patient_key 10624675ed6f620cfc55, f4ddff323bd60283be19; ref 1234567A; acct 12345678');
    for (const key of ['10624675ed6f620cfc55', 'f4ddff323bd60283be19']) expect(result).toContain(key);
    expect(result).not.toMatch(/1234567A|12345678/);
  });

  it('takes the joiner into an organisation found in two pieces around it ("Kiwanis of Quitman"), not a place after "to"', () => {
    const result = out('Lunch club at Catholic Charities of Lackawanna. Next visit at Kiwanis of Quitman. Transferred from Mercy Hospital to Boston.');
    expect(result).not.toMatch(/ of |Lackawanna|Quitman/);
    expect(result).toContain(' to [');
  });

  it('replaces a tail number, a record number with a year suffix and Polish, Dutch and Irish postcodes, not a word glued to a fraction', () => {
    const text = 'Air ambulance tail TW04 DHP. NHI T87704/27. Born in Sopot 81-701, Poland. Tilburg 5038 EB, the Netherlands. Dublin 9, D09 K2R6.';
    expect(out(text)).not.toMatch(/TW04|DHP|T87704|\/27|81-701|5038|D09|K2R6/);
    const kept = out('CD4/8 ratio low. Step 2014 AB then. Given 5038 IU.');
    for (const t of ['CD4/8 ratio', 'Step 2014 AB', '5038 IU']) expect(kept).toContain(t);
  });
});


describe('thirteenth round: dates without a year, ages in brackets, plates, extensions and feeds, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  // What reaches the model besides the placeholders (a shifted date inside one holds other digits).
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a day-first day and month (day over 12, after a weekday, before a time, after a cue with dots), not a dose, a score or eighteen months', () => {
    const text = 'Seen on Thu 14/03; culture grew (16/10 22:40). Obs 11/04 08:00 stable. Next call (~ 17/05). Samples shipped 19.07. Mon 3/11 clinic.';
    expect(left(text)).not.toMatch(/14\/03|16\/10|22:40|11\/04|08:00|17\/05|19\.07|3\/11|Thu|Mon/);
    const kept = out('Power 4/5 in both legs. Fri 12.5 mg given. Cough for 18/12 now. GCS 15/15. Ratio 20/10 units. On 2.5 L nasal prongs.');
    for (const t of ['4/5', 'Fri 12.5 mg', '18/12', '15/15', '20/10 units', '2.5 L']) expect(kept).toContain(t);
  });

  it('takes a year after an apostrophe, a weekday with "the" and a day, a date in capitals and a time "approx" after a date', () => {
    const text = "Implant fitted '23. Shingles in '18 period. Friday the 9th we spoke. DATE: TUESDAY, MARCH 5TH, 2024 0740. Incident: Sun 4 Feb 2024 approx 03:10.";
    expect(left(text)).not.toMatch(/'23|'18|Friday|9th|TUESDAY|MARCH|5TH|0740|approx|03:10/);
    expect(out("Use the '12 lead' strip; he's 5'10\".")).toContain("'12 lead'");
  });

  it('takes a day with a month named in French, Spanish, Portuguese, German or Dutch, and its article, not "Mayo score"', () => {
    const text = 'DATE: le 14 avril. Fecha: 3 de marzo de 2024. Datum: 12. März 2023. Data 5 de maio. Op 14 januari gezien.';
    expect(left(text)).not.toMatch(/le 14|avril|marzo|März|maio|januari|2023|2024/);
    expect(out('Activity 2 Mayo score today.')).toContain('Mayo score');
  });

  it('replaces a bracketed age after a date of birth, after "alive" and before a sex', () => {
    const text = 'DOB 04/07/1932 (92). Grandmother alive, (96), in care. S: (93) female, fall at home.';
    expect(left(text)).not.toMatch(/92|96|93/);
    expect(out('Glucose (98) fasting. HR (104) at rest.')).toContain('(98)');
  });

  it('replaces phone extensions written in other languages, a masked SSN, an ISBT 128 unit number and a waybill', () => {
    const text = 'Call 819-555-0148 poste 212 or 514-555-0192 extn 33. SSN xxx-xx-4471. Unit W1234 24 567890 RBC. DHL waybill 5521 8830 17.';
    expect(out(text)).not.toMatch(/poste|212|extn|33\b|4471|xxx|W1234|567890|\b24\b|5521|8830/);
    expect(out('Give 10 units x12 days, then x 3.')).toContain('x12 days');
  });

  it('replaces plates after a vehicle word (leaders and capitals included) and a British plate on sight, not a word after the cue', () => {
    const text = 'Company vehicle ..... 4410 KRT. VEHICLE IMPOUNDED RX61 BDE. School bus JTA 412 late. Drives a grey Astra YK19 LMN.';
    const result = out(text);
    expect(result).not.toMatch(/4410|KRT|RX61|BDE|JTA|412|YK19|LMN/);
    expect(result).toContain('IMPOUNDED');
    // A plate of three groups, nine characters, stays whole (a length cap of eight left its last group).
    expect(left('Vehicle plate ABC 1234 XY noted.')).not.toMatch(/ABC|1234|XY/);
    // A plate that opens with a word of its own is still a plate (only another vehicle word is not).
    expect(left('Vanity plate SUNNY 42 on the car.')).not.toMatch(/SUNNY|42/);
    expect(out('Gave 2 units, IV24 HRS later.')).toContain('IV24 HRS');
  });

  it('replaces the names, identifiers and address of HL7 v2 PID and NK1 segments, keeping the state, the country and the structure', () => {
    const text = "PID|1||558120^^^MERCY^MR||DUBOIS^ANNETTE^M^^MRS||19330412|F|||88 BIRCH LN^UNIT 2^BEMIDJI^MN^56601^USA\nNK1|1|DUBOIS^LUC|SON|9 PINE CT^^CASS LAKE^MN^56633";
    const result = out(text);
    expect(result).not.toMatch(/558120|DUBOIS|ANNETTE|\^M\^|MRS|BIRCH|UNIT 2|BEMIDJI|56601|LUC|PINE|CASS/);
    expect(result).toMatch(/^PID\|1\|\|\[MRN_1\]\^\^\^MERCY\^MR\|\|/);
    expect(result).toContain('^MN^');
    expect(result).toContain('^USA');
    expect(out('MSH|^~\\&|LAB|MERCY|EHR|MERCY|20210121||ORU^R01|MSG1|P|2.5.1')).toContain('ORU^R01');
  });

  it('takes the address lines written before a town and its state, in any language, with units, c/o and a lot, not clinical words before a town', () => {
    const text = [
      'Site ........ Rua do Ouvidor, 418, apto 3, Cairo, GA 39828',
      'Next of kin: sister +1 304 555 0188, Garden flat, 22 Wheelwright Row, Lamesa, TX 79331',
      'Home: 8 Khan-Uul Gudamj, Ely, NV 89301. Lives at Mile 9.5 Dalton Hwy, Tok, AK 99780.',
      'Posted c/o 61 Quarry Circle, Eastport, ME 04631; Site: Lot 22, Juniper Flats Rd, Cuba, NM 87013.',
      'Of Kalea Nagusia 4, 2º dcha, Ogallala, NE 69153. Pickup at Bahodir Yuldosh ko‘chasi 17, Nome, AK 99762.',
    ].join('\n');
    expect(left(text)).not.toMatch(/Ouvidor|418|apto|Garden|22 Wheel|Wheelwright|Khan|Gudamj|Mile 9|Dalton|c\/o|61|Quarry|Lot 22|Juniper|Nagusia|dcha|Bahodir|Yuldosh|17/);
    const kept = left('Seen today in clinic, 3 days post-op, Springfield, IL 62704.');
    expect(kept).toContain('Seen today in clinic, 3 days post-op, ');
  });

  it('takes a landmark named before a place and a highway exit, not the landmark words without a place', () => {
    const text = 'Found near the old feed mill on Depot Road. Collapsed behind the Texaco garage on Route 9. Met at the Arby\'s parking lot off exit 47.';
    expect(left(text)).not.toMatch(/feed mill|Depot|Texaco|garage|Arby|parking lot|exit 47/);
    expect(left('Walked to the parking lot and back; the station was busy.')).toBe('Walked to the parking lot and back; the station was busy.');
  });

  it('takes the head after a name or place, company forms, "The", a head and "of" before a place, and initials used elsewhere', () => {
    const text = [
      'Dialysis at Wenatchee Ridge Kidney Center; transport by Kowalczyk & Sons Mortuary.',
      'Insurer Helvetica Vorsorge SA; employer Tamarind Spices (Pvt) Ltd; grant from The Wolverton Trust.',
      'Advice from Poison Control Center of the Ozark Hills. Seen at Cascadia Valley Regional Medical Center; CVRMC discharge summary sent.',
    ].join('\n');
    expect(left(text)).not.toMatch(/Kidney Center|Sons|Mortuary|\bSA\b|Pvt|Ltd|The |Trust|Poison Control|CVRMC/);
    const kept = left('Kidney Center follow-up; The patient improved. Acute Kidney Injury noted; AKI resolved. Trust the process.');
    for (const t of ['Kidney Center follow-up', 'The patient improved', 'Acute Kidney Injury', 'AKI resolved', 'Trust the process']) expect(kept).toContain(t);
  });

  it('takes the rest of a name the detectors found a word of, a chat speaker, a lower-case name given a relation and dotted initials', () => {
    const text = [
      'Clinic letter for Bolormaa Tserendorj comma date of birth May. Patient Okemaw, Mary-Lou   Chart 1.',
      'Seen by VAIFALE, SEINI MBChB. Signed M. Featherstonehaugh today.',
      '[10/21/2015 13:27] tavita faleolo: hi its me again',
      'Lives with ieuan prydderch (neighbour). Emergency contact: fanja razafimahatratra, foster carer.',
      'Collected 10:42 by Z.M.H.; OBR|1|C22|BNP|||||1939138944^MACILLEATHAIN^EWAN^J',
      'Also Angharad ferch Ifan.',
    ].join('\n');
    expect(left(text)).not.toMatch(/Tserendorj|Mary-Lou|SEINI|M\. |Featherstonehaugh|tavita|faleolo|ieuan|prydderch|fanja|razafimahatratra|Z\.M\.H|MACILLEATHAIN|EWAN|ferch|Ifan/);
    const kept = left('Lives alone (widow). Received by B.S.N. staff. NYHA class III. Priyanka Gupta, MD. Hoehn and Yahr stage 2.');
    for (const t of ['Lives alone (widow)', 'B.S.N. staff', 'NYHA class III.', 'Hoehn and Yahr stage 2']) expect(kept).toContain(t);
  });

  it('keeps test names of HL7 order and result segments, vaccine, antidote, eye-drop and device brands, and blood group and tonometry terms', () => {
    const text = [
      'OBR|1||K31-220918|Troponin I|||202401050300',
      'OBX|1|NM|Hemoglobin A1c||6.1|%',
      'Given Shingrix and Boostrix; Cyanokit in the bag; Lumigan drops; Dexcom sensor; Phonak hearing aid; Mepilex dressing; Octagam infused.',
      'ABO/Rh typing done; Kidd antigen typing pending; rule out Lewis antibodies; IOP by Goldmann applanation; last Kt/V 1.3.',
    ].join('\n');
    const kept = left(text);
    for (const t of ['Troponin I', 'Hemoglobin A1c', 'Shingrix', 'Boostrix', 'Cyanokit', 'Lumigan', 'Dexcom', 'Phonak', 'Mepilex', 'Octagam', 'ABO/Rh typing', 'Kidd antigen', 'Lewis antibodies', 'Goldmann applanation', 'Kt/V']) {
      expect(kept).toContain(t);
    }
  });

  it('takes a four-digit postcode beside a town before its country, police and sheriff offices, and "OUR LADY OF …" in capitals, not a year', () => {
    const text = 'Son flies in from Tauranga 3110, New Zealand. Family in 7130 Somerset West, South Africa. Held by Okmulgee Police Department; ADMITTED TO OUR LADY OF THE VALLEY HOSPITAL.';
    expect(left(text)).not.toMatch(/3110|7130|Okmulgee|Police|VALLEY|LADY/);
    expect(left('Since 2019 Dublin, Ireland has been home.')).toContain('2019');
  });

  it('reads a table by its header: names, places and organisations by their column, clinical columns and the header kept', () => {
    const text = [
      'mrn,name,dob,test',
      '00417723K,"Oyelaran, Folasade T.",2019-03-04,Basic metabolic panel',
      '| Patient | City | Employer | Drug | Dose |',
      '|---|---|---|---|---|',
      '| marek wojcik | Ypsilanti | Harlan Feed Supply | Entresto | 49/51 mg |',
      'Temp, HR, BP',
      '37.1, 88, 120/80',
    ].join('\n');
    const result = left(text);
    expect(result).not.toMatch(/Oyelaran|Folasade|marek|wojcik|Ypsilanti|Harlan|Feed Supply/);
    for (const t of ['mrn,name,dob,test', 'Basic metabolic panel', '| Patient | City | Employer | Drug | Dose |', 'Entresto', '49/51 mg', 'Temp, HR, BP', '37.1, 88, 120/80']) expect(result).toContain(t);
  });

  it('replaces ages over 89 after a sex, behind a label with words, in "she\'s 93", "at 101 she", a birthday, and the words nonagenarian and centenarian', () => {
    const text = "Patient (F, 93) admitted. F/94 with sepsis. Sex/Age: M/97. Age at death: 102. Age in years: 95. She's 96. At 101 she still gardens. Her 98th birthday. A nonagenarian; a centenarian.";
    expect(left(text)).not.toMatch(/93|94|97|102|95|96|101|98|nonagenarian|centenarian/);
    const kept = left('Power 4/5 in legs, F/U 2 weeks, at 10 she walked, age at onset: 45, 21st birthday.');
    for (const t of ['Power 4/5', 'F/U 2 weeks', 'at 10 she walked', 'age at onset: 45', '21st birthday']) expect(kept).toContain(t);
  });

  it('does not take a record label after a name into the name ("Okafor  DOB 3/4/1931")', () => {
    expect(left('Patient: Okafor  DOB: 3/4/1931')).toContain('DOB');
    expect(left('Patient: Okafor DOB 3/4/1931')).toContain('DOB');
  });
});


describe('fourteenth round: registrations in capitals, posts, congregations, health plans and dates with a time, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a relation and a given name before a verb and its object, not an eponym before its head', () => {
    const text = 'Dressing changed; stepson Oyelaran taught pump. Godfather Kwabena showed dressing. Home aide Rutendo taught drain care.';
    expect(left(text)).not.toMatch(/Oyelaran|Kwabena|Rutendo/);
    const kept = 'Bosworth screw, Krukenberg spindle and Fuchs endothelial dystrophy; Hickman line flushed.';
    expect(out(kept)).toBe(kept);
  });

  it('takes "SURNAME,GIVEN" in capitals without a space, particles, compounds and glottal stops included, and the credential stays', () => {
    const text = 'Name VAN DER MEULEN-SMIT,ANNEKE  DOB 1931. Reviewed LONE ELK,TASHINA LPN. Interpreter KEALOHA,ʻILIMA present. Scrub: MBEKI,THANDO CHW.';
    expect(left(text)).not.toMatch(/MEULEN|SMIT|ANNEKE|ELK|TASHINA|KEALOHA|ILIMA|MBEKI|THANDO/);
    expect(out(text)).toMatch(/LPN/);
    for (const kept of ['Labs: CBC,BMP,LFT today.', 'PT,INR normal; ALT,AST up.', 'HEAD,NECK exam normal.']) expect(out(kept)).toBe(kept);
  });

  it('takes a veterans post, a unit by battalion and regiment, a congregation and a health plan by its brand, not "Temple, TX"', () => {
    const text = 'Member of AMVETS Post 19 and Disabled American Veterans Post 7; served 2-7th Cavalry Regiment. Faith: Congregation Beth Israel of Macon; Masjid an-Noor. Copy: Premera BCBS; Blue Cross Blue Shield of Vermont; TRICARE East.';
    expect(left(text)).not.toMatch(/AMVETS|Post 19|Post 7|2-7th|Cavalry|Beth Israel|Macon|an-Noor|Premera|Blue Cross|Vermont|TRICARE/);
    expect(out('Born in Temple, TX; lives on Temple Street.')).not.toMatch(/Temple Street/);
    const kept = 'Post 3 days op, the post 44 check; seen by the allergy & asthma team.';
    expect(out(kept)).toBe(kept);
  });

  it('takes a day and month before a 24-hour time, an area code in brackets with the trunk 0, and a dotted number after ID', () => {
    const text = 'Time of injury ~09MAR 0415; ETA 09MAR 1130. Seen 4 Mar 0800. Home (07) 3344 5566; Berlin (030) 1234567. NHS/ID 5512.8830; Service user ID 4402.9917.';
    expect(left(text)).not.toMatch(/09MAR|0415|1130|4 Mar|0800|3344|5566|1234567|5512|8830|4402|9917/);
    const kept = 'Given (0.5) 12 mg; ratio 1.25 noted; ID band checked.';
    expect(out(kept)).toBe(kept);
  });
});

describe('fifteenth round: landmarks after a place, towns shaped like a condition, facilities in capitals and in lower case, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a landmark named after a place, with its "the", and a named landmark no detector found', () => {
    const text = 'Lives near Ruddock Flats rodeo grounds. Fell at the old Kestrelton rail depot. Drove in via the Brambleford water tower, past Owlsgate feed store.';
    expect(left(text)).not.toMatch(/Ruddock|rodeo|Kestrelton|rail depot|Brambleford|water tower|Owlsgate|feed store/);
    const kept = 'Seen at the nurse station; Foley bag emptied at the dirty utility; water tower of the hospital is old.';
    expect(out(kept)).toBe(kept);
  });

  it('takes a town shaped like a condition after a residence cue, not a condition after "recovering from"', () => {
    expect(left('She lives in Wanakoma now; husband driving in from Chekotoma.')).not.toMatch(/Wanakoma|Chekotoma/);
    expect(out('Recovering from melanoma; history of Lymphoma.')).toContain('Lymphoma');
  });

  it('takes a facility in capitals after a place opener and a specialty as its head, not a specialty or an instruction', () => {
    const text = 'Transfer to NORTH RIDGEBACK REGIONAL HOSPITAL. Records from HALVARD CREEK PEDIATRIC ENDOCRINOLOGY. Letter from Marrowind Toxicology.';
    expect(left(text)).not.toMatch(/RIDGEBACK|NORTH|HALVARD|CREEK|Marrowind/);
    const kept = 'REFER TO PRIMARY CARE. SEEN IN CARDIOLOGY. PEDIATRIC ENDOCRINOLOGY FOLLOW UP. Nuclear Cardiology stress test; Pediatric Endocrinology consult.';
    expect(out(kept)).toBe(kept);
  });

  it('takes a facility in lower case after a cue, a hub or a label, with a head that goes on with "&", not a clinical phrase', () => {
    const text = 'Monthly at quarrywick audiology & hearing. Transferred by north tallow borough ems. Hub brackenmere eicu command center. Prenatal care: fennimore rehab & sports med.';
    expect(left(text)).not.toMatch(/quarrywick|audiology|tallow|borough|brackenmere|command|fennimore|sports med/);
    const kept = 'Results: urine drug screen negative. Device: aspirin-exacerbated respiratory disease noted. Sent to wound care; at local pharmacy; to physical therapy.';
    expect(out(kept)).toBe(kept);
  });
});

describe('fifteenth round (second part): device addresses, plan numbers, ordinal ages and form columns, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a MAC address and a plan number in three groups of three, not a ratio, a time or a phone', () => {
    const text = 'Fridge logger 3C:9F:E6:A0:62:D8; charger serial 7A-58-B1-BF-40-25. Insurance: Northfen Care 716 885 839.';
    expect(left(text)).not.toMatch(/3C:9F|7A-58|716 885 839/);
    const kept = 'Ratio 10:20:30:40:50:60; at 12:30:45; counts 120 130 140 150.';
    expect(out(kept)).toBe(kept);
  });

  it('takes an ordinal after an age label and "aged hundred and five", not an ordinal under 90', () => {
    expect(left('Age: 105th   Sex: F. Donor aged hundred and five.')).not.toMatch(/105th|hundred/);
    const kept = 'Age: 45th percentile; age 12th of 20.';
    expect(out(kept)).toBe(kept);
  });

  it('does not read a name two columns before a head noun as its eponym, and keeps an eponym one space before it', () => {
    expect(left('Technologist: J. Okwuosa-Brandt   Exam date 26-Oct-2020')).not.toMatch(/Okwuosa|Brandt/);
    const kept = 'Romberg exam negative; Babinski sign absent.';
    expect(out(kept)).toBe(kept);
  });
});

describe('after the fifteenth part was scored: tables with pipes between cells only, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('reads a table whose pipes are only between cells, with a "#" column, by its header', () => {
    const text = ' #  | name              | phone\n 1  | oyelaran adebisi-cole  | 555 0134\n 2  | Mirela Dobrev  | 555 0199\n';
    expect(out(text)).not.toMatch(/oyelaran|adebisi|Mirela|Dobrev/);
    expect(out(text)).toMatch(/#\s+\| name\s+\| phone/);
    const clinical = ' #  | drug        | dose\n 1  | Bell lisinopril  | 10 mg\n';
    expect(out(clinical)).toContain('Bell lisinopril');
  });
});

describe('sixteenth round: clinical terms kept (products, drugs given together, listed phrases, Romance-language drugs and months), checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('keeps a listed phrase whose word names a place elsewhere in the note, and still takes the place', () => {
    const text = 'Collapsed at Ossory Wells Municipal Airport gate 4. Calf swollen, Wells score 5. Lactated Ringer’s 1 L. No torsades de pointes.';
    expect(left(text)).not.toMatch(/Ossory|Municipal/);
    expect(out(text)).toContain('Wells score 5');
    expect(out(text)).toContain('Lactated Ringer’s 1 L');
    expect(out(text)).toContain('torsades de pointes');
  });

  it('keeps products given together, a drug after "failed" or "intolerant of", and a hyphenated brand', () => {
    const kept = 'Stimulation with Ovidrel + Cetrotide. Failed Arcalyst and intolerant of Benlysta. Premeds: Depo-Medrol 80, Solu-Cortef 100.';
    expect(out(kept)).toBe(kept);
    expect(left('Visited by Harriet Okonkwo-Bassey + Idris Fennimore.')).not.toMatch(/Harriet|Okonkwo|Idris|Fennimore/);
    expect(left('Visited by Kwabena Oforiwaa + Yaw Menstrah.')).not.toMatch(/Kwabena|Oforiwaa|Menstrah/);
  });

  it('keeps a device named by its kind or its serial number, not a person after a device label', () => {
    const kept = 'Ventilator: Astral Pro 150 S/N 7740019; Incubator Babyleo TN500 checked. Console: Rotaflow model 2 serial 55190.';
    // Since the nineteenth round a designator printed before a serial ("S/N 7740019") goes with it; the model stays.
    expect(left(kept)).toContain('Astral Pro 150 []');
    expect(left(kept)).toContain('Incubator Babyleo TN500');
    expect(left(kept)).toContain('Rotaflow model 2 serial');
    expect(left('Pump: Wendeline Osterhout RN checked the line. Parking lot (Grangeford) at 8.')).not.toMatch(/Wendeline|Osterhout|Grangeford/);
    expect(left('Monitor: Tamsin Vellacourt checked it.')).not.toMatch(/Tamsin|Vellacourt/);
  });

  it('keeps a drug written in Portuguese or Spanish and the term after "de", and dates a month of those languages with a year', () => {
    const text = 'Uso de metformina e amiodarona; doença de Chagas desde outubro de 2024. Desde marzo 2023 con carvedilol.';
    expect(out(text)).toContain('metformina e amiodarona; doença de Chagas');
    expect(left(text)).not.toMatch(/outubro|2024|marzo|2023/);
  });
});

describe('sixteenth round (second part): towns before a state and ZIP code, organisations by more heads, numbers and ages, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes every word of a town before a state code and a ZIP code, and not a word before a label', () => {
    const text = 'Home: 12 Larkhollow Ct, Upper Brindlewick TX 78905-9417. Mail to Ferncastle Meadows, IA 52632. Seen in Kestrel Bend NV 89036 clinic.';
    expect(left(text)).not.toMatch(/Brindlewick|Upper|Ferncastle|Meadows|Kestrel|Bend/);
    const kept = 'Dose 40 mg TX 2 weeks; MD 20 min later.';
    expect(out(kept)).toBe(kept);
  });

  it('widens an organisation over a programme, a plan, a district and two specialties joined by "and" or "&", and over the names before a head', () => {
    const text = 'Registry: Okonedo Marrow Donor Program. Cover: Vantrell Benefit Plans. Tamberlo Ambulance District. Pulmonology: Ardenvale Sleep and Lung. Allergist at Prewitt Allergy & Immunology.';
    expect(left(text)).not.toMatch(/Okonedo|Vantrell|Tamberlo|Ardenvale|Prewitt|Program|Plans|District|Sleep and Lung|Allergy & Immunology/);
  });

  it('takes a number dialled with 00, a plan number with its letters, a donor number with a check digit and an age after a dash or before "!"', () => {
    const text = 'Contact 00 44 7526 890833; cover RD 203 166 189; Donor no. 8973-4216-5. Mr Pellow — 96, woodstove. Mrs Quade (104!) today.';
    expect(left(text)).not.toMatch(/7526|890833|RD 203|166 189|8973|4216|96|104/);
    const kept = 'Scores 12-14-2 and 3-0-1; temperature 00 C.';
    expect(out(kept)).toBe(kept);
  });

  it('takes a plate after "ambulance"', () => {
    expect(left('Transferred by ambulance KX 24 BVT, crew of two.')).not.toMatch(/KX 24|BVT/);
  });
});

describe('sixteenth round (third part): numbers research, registries and rolls give a person, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes a participant, donor, registry, juror or student number after its label, not the word alone', () => {
    const text = 'Participant ID SUBJ 9152. Donor ID DID 60700204. Registry no. SUBJ 5744. Juror no. J1341915. Student ID RC-52613.';
    expect(out(text)).not.toMatch(/9152|60700204|5744|J1341915|52613/);
    const kept = 'The subject is 12 years old. Donor 2 units given. Subject: Re visit 3 of 4.';
    expect(out(kept)).toBe(kept);
  });
});

describe('sixteenth round (fourth part): street lines in more languages before a town, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes a square, a lane or an avenue written as other languages write them, before a town and ZIP code', () => {
    const text = 'Home: Gornji trg 14, Harlow Ferry IA 52513. Mail: Gg. Melati no 21, Dunmore Flats ID 83552. Then Jl. Kenanga 9, Osprey Bend NV 89037.';
    expect(out(text)).not.toMatch(/Gornji|trg 14|Melati|no 21|Kenanga|Harlow|Dunmore|Osprey/);
  });
});

describe('seventeenth round: terms written in Title Case that carry names, and ordinary English words, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('keeps co-eponyms joined by an en dash, and still takes a double surname joined by a hyphen', () => {
    const text = 'Screened with the Halvorsen–Quist Anxiety Index 22; vasculitis (Pemberton–Leclair type) excluded.';
    expect(out(text)).toBe(text);
    expect(left('Seen with sister Ingrid Halvorsen-Quist today.')).not.toMatch(/Ingrid|Halvorsen|Quist/);
  });

  it('keeps an instrument named in Title Case by what it measures, not a person before a plain one', () => {
    const text = 'Completed Paediatric Sedation Depth Tool 3; Rowbury Cognitive Screening Battery 27/30; Tolland Assessment of Swallowing Safety normal.';
    expect(out(text)).toBe(text);
  });

  it("keeps a device's maker and model, and a maker that is also a surname only with a model or a device after it", () => {
    const text = 'Monitor Philips IntelliVue MX800 and Hamilton T1 ventilator; Medtronic Azure XT pacemaker; Boston Scientific ICD in situ.';
    expect(out(text)).toBe(text);
    expect(left('Dr. Philips MRI reviewed; Hamilton Smith called; Kiwi Street 4.')).not.toMatch(/Hamilton|Philips|Smith|Kiwi/);
    expect(left('Referred to Philips Medical Center and St. Jude Hospital.')).not.toMatch(/Philips|Jude/);
  });

  it('keeps a brand with its inhaler or release form and a brand in brackets after its generic', () => {
    const text = 'On Trelora Ellipta one puff, Nifedel Retard 20 mg and dalteparin (Fragmin) daily; anti-Jka (Kidd) detected.';
    expect(out(text)).toBe(text);
  });

  it('reads "ms" after a number as milliseconds, and a lower-case ordinary word beside a found name as the word it is', () => {
    expect(out('Stimulus 0.5 ms pulse width at 900 mA.')).toBe('Stimulus 0.5 ms pulse width at 900 mA.');
    expect(left('Independent medical examiner present. Medical Examiner Okonkwo-Fairley signed.')).toContain('Independent medical examiner present');
  });

  it('takes a person with a credential code before a head noun, not an eponym', () => {
    expect(left('Reviewer: M. Szczepańska-Wolny DPT escalation line 4.')).not.toMatch(/Szczepańska|Wolny/);
  });
});

describe('seventeenth round (second part): organisations joined by "&", hospitals named head first, landmarks, foreign streets, units, plates, serials and months, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes the words joined to an organisation by "&", a hospital named head first, and a panel or hub by what it does', () => {
    const text = 'Copy: Marrowfield Hook & Line Club; Dunbeggan Seed & Tack, PO Box 12; records at AZ Groeninge-Ost, Kortrijk; cc Brackwater Integrated Care Hub, fax 555-201-8890.';
    expect(left(text)).not.toMatch(/Marrowfield|Hook|Line|Dunbeggan|Seed|Tack|AZ|Groeninge|Brackwater|Hub/);
  });

  it('takes a landmark after a place, a street in Italian or Irish with its particle and unit, and a town before a postcode and its country', () => {
    const text = 'Camp above the Dunmore Head lighthouse, near Larchbank covered bridge. Home: 22 Via delle Rose, int. 4, Bellano; 9 Bóthar na Mara, Kilcarrig, NC 28377. Mail: Saint-Genis 01630, France.';
    expect(left(text)).not.toMatch(/Dunmore|lighthouse|Larchbank|covered bridge|delle|Rose|int\. 4|Mara|na Mara|Saint-Genis|01630/);
  });

  it('takes a plate after "Heli" or a unit with its state letters, and a serial printed with its own "SN"', () => {
    const text = 'Heli OR 27-4410K lifted; ambulance unit WY 31-9921B; pacemaker serial SN QX7720114; lot SN TT5502198.';
    expect(left(text)).not.toMatch(/27-4410K|4410K|31-9921B|\bOR\b|\bWY\b|\bSN\b|QX7720114|TT5502198/);
  });

  it('dates a day and month written in Welsh, Polish, Czech or Indonesian', () => {
    expect(left('Letter of 18 Awst 2023; seen 5. května 2022, 12 marca 2020 and 9 Agustus 2021.')).not.toMatch(/Awst|května|marca|Agustus|2023|2022|2020|2021/);
  });
});

describe('seventeenth round (third part): registrations in capitals with a space, initials signed with a credential, payer products and service heads, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes "SURNAME, GIVEN" in capitals with a space, with particles, diacritics and an initial, not a list of capitals or a town and state', () => {
    const text = 'Bed 4 — PUAHALA, KEʻOLAMAKANI 81F. Deceased: Í DALI, JÓANNES. Co-sign VAITKUTĖ, RASA MBChB. Midwife ZAW MYINT, K. CNM.';
    expect(left(text)).not.toMatch(/PUAHALA|KEʻOLAMAKANI|DALI|JÓANNES|VAITKUTĖ|RASA|ZAW|MYINT/);
    const kept = 'Units: ED, OR, PACU, NICU. Sites LEFT KNEE, RIGHT HIP.';
    expect(out(kept)).toBe(kept);
  });

  it('takes initials signed with a credential after a staff label or a sign-off, not a unit or a service', () => {
    expect(left('Examiner: QV OD. Kind regards, TW MBChB\n— HJK SpR')).not.toMatch(/QV|TW|HJK/);
    const kept = 'Per ID MD start vancomycin; ENT MD to see; GP MD aware.';
    expect(out(kept)).toBe(kept);
  });

  it('keeps a credential between a full name or an initial and a head as the person\'s, and takes the person', () => {
    expect(left('Tech: Vesna Šarić RRT   Test date 3 May. Tech: V. Šarić RRT   Test date 4 May.')).not.toMatch(/Vesna|Šarić/);
    expect(out('Rated on the Westmead PTA scale daily.')).toContain('Westmead PTA scale');
  });

  it("takes a payer's product, a service in capitals and a school's grades after a name, and an ordinary word opening the name mid-sentence", () => {
    const text = 'Billing: Tamsin Ridge Medicare Advantage H1234; transferred by Kestrel Pass EMS; letters via Cold Springs K-8 nurse.';
    expect(left(text)).not.toMatch(/Tamsin|Ridge|Medicare Advantage|Kestrel|Pass|EMS|Cold|Springs|K-8/);
  });
});

describe('seventeenth round (fourth part): roadside places and addresses of more countries, checked on probe lines of my own', () => {
  const left = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!.replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a roadside place with its marker and road, not a mile walked or a joint', () => {
    const text = 'Found at mile marker 63 on Route 12; crash at mile 88 of the Tanana Highway; MM 17 on US-89; SR 77 MP 201; I-80 exit 42.';
    expect(left(text)).not.toMatch(/63|Route 12|88|Tanana|17|US-89|SR 77|201|I-80|42/);
    const kept = 'Walked a mile on Monday; 3 MP joints swollen; 5 MM nodule.';
    expect(left(kept)).toBe(kept);
  });

  it('takes streets of more countries with their units and a half house number, not a half tablet', () => {
    const text = 'Home: 8 Rue des Lilas, app. 3; Vaasankatu 4 B 12; Ąžuolų g. 9-2; Calle Pumacahua 215; 9 Rua da Flor, 3º dto; 48 1/2 Juniper Ct.';
    expect(left(text)).not.toMatch(/Lilas|app\. 3|Vaasankatu|4 B 12|Ąžuolų|9-2|Pumacahua|215|Flor|3º dto|48 1\/2|Juniper/);
    expect(left('Take 1/2 tablet at night.')).toBe('Take 1/2 tablet at night.');
  });
});

describe('seventeenth round (fifth part): codes that belong to a term and visual acuity, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it("keeps a device's model code, a standard's number and a sequence variant, not a record number after its label", () => {
    const text = 'Run on Fresenius 4008B; tested to IEC 60601 and ISO 10993; MTHFR C677T heterozygous; prothrombin G20210A negative.';
    expect(out(text)).toBe(text);
    expect(out('Record ID G20210A; case G20210A; MRN V617F22.')).not.toMatch(/G20210A|V617F22/);
  });

  it("never keeps a serial- or account-shaped number written right after a maker's name (five digits or more)", () => {
    expect(out('Medtronic GV9049026 explanted; Dexcom 8734521961 paired; Omnipod 77412 pod.')).not.toMatch(/GV9049026|8734521961|77412/);
    expect(out('Run on Fresenius 4008B.')).toContain('Fresenius 4008B');
  });

  it('keeps visual acuity written as a fraction, and still dates a bare day and month', () => {
    const text = 'Visual acuity 6/9 right; VA OD 20/40, OS 6/12.';
    expect(out(text)).toBe(text);
    expect(out('Seen 6/9 at the clinic.')).not.toContain('6/9');
  });
});

describe('seventeenth round (sixth part): a name in lower case before a credential in lower case, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes the name and leaves the ordinary words before it and a credential alone', () => {
    expect(out('Referring: nwachukwu-obi msw; plan agreed with tuilagi-faleolo dpt.')).not.toMatch(/nwachukwu|obi|tuilagi|faleolo/);
    const kept = 'Seen by np today; iv abx per md; discussed with charge rn and the np.';
    expect(out(kept)).toBe(kept);
  });
});

describe('seventeenth round (seventh part): a benefit after a name, a medical centre by its initials before "of", a number word opening a name, checked on probe lines of my own', () => {
  const left = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!.replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes them with the name found', () => {
    const text = 'Funding: Osprey Tribal Health Benefit ZQ4471. Admitted to RMC of the Lower Valley. Five Rivers Dialysis Unit infusion suite.';
    expect(left(text)).not.toMatch(/Osprey|Benefit|RMC|Lower Valley|Five|Rivers/);
  });
});

describe('seventeenth round (eighth part): a trading post, a boat launch, a quarter or district after a place, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes the landmark with its place, not a district nurse or a launch of something', () => {
    expect(out('Met near Pinon Wash trading post, then at Lake Kanaskat boat launch.')).not.toMatch(/Pinon|trading post|Kanaskat|boat launch/);
    expect(out('Seen at Riverside Clinic; district nurse visits daily.')).toContain('district nurse visits daily');
  });
});

describe('eighteenth round: European streets after an address cue, postcodes of other shapes, institutions named in their own language, label cues without a colon, and brands, drugs and blood groups that were taken for names, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a street and house number after an address cue, in the European order or without a street word, and not a day after "home"', () => {
    const text = 'Lives Dlouhošťská 417/3, Kroměříž; before that bytem Štěpánkova 88, Zlín; last address 612 Brunnenwinkel, Pottsville.';
    expect(left(text)).not.toMatch(/Dlouho|417|Štěpánkova|88|Brunnenwinkel|612/);
    expect(out('Discharged home Day 3, stable.')).toBe('Discharged home Day 3, stable.');
  });

  it('takes postcodes in two groups beside a town, a Danish floor, a Swedish flat and an Italian staircase', () => {
    const text = 'Moved from Trenčianske Teplice 914 51, Slovensko; then 41-902 Bytom, Polska; mail to Vesterbrogade 212, 4. th., and Kungsgatan 9 lgh 1204; old flat 22 Via dei Tigli 4, scala C.';
    expect(left(text)).not.toMatch(/914|51\b|41-902|902|Bytom|Vesterbrogade|th\.|Kungsgatan|1204|Tigli|scala/);
  });

  it('takes a pharmacy, clinic, school or insurer named in its own language, head first or head last, and not an instrument named "Praxis"', () => {
    const text = 'Pharmacy: Apteka pod Lipami; school Szkoła Podstawowa nr 7 w Opolu; insurer Oborová zdravotní pojišťovna; admitted to Krajská nemocnice Liberec; records from Östra universitetssjukhus; Lékárna U Bílého lva.';
    expect(left(text)).not.toMatch(/Lipami|Opolu|Oborová|pojišťovna|Krajská|Liberec|Östra|universitetssjukhus|Bílého|lva/);
    expect(out('Scored on the Hallworth Oral Praxis Test 14/20.')).toContain('Praxis Test');
  });

  it('takes an organisation, as one, after "Employer", "Payer" or "insurance with" written without a colon', () => {
    expect(out('Employer Marlow Creek Poultry Processing aware; fit note sent.')).toMatch(/\[ORGANIZATION_\d\] aware/);
    expect(left('Employer Quillmark Feed Mill notified; life insurance with Ostrava Vzájemná Pojistka.')).not.toMatch(/Quillmark|Feed Mill|Vzájemná|Pojistka/);
  });

  it('keeps a brand before its generic in brackets, a brand after a dose form, drugs and conditions by their stem, and a blood group with its RhD type', () => {
    const text = 'Rescue: Epistatus (buccal midazolam); iron tablets (Ferrograd); started trifluoperazine (Stelazine); partner has oligozoospermia; group AB RhD positive.';
    expect(out(text)).toBe(text);
  });

  it('keeps an eponym before a grading, a flowmeter or a tuning-fork verdict', () => {
    const text = 'Embryos by Gardner grading; Porter flowmeter checked; Weber lateralises right.';
    expect(out(text)).toBe(text);
  });
});

describe('eighteenth round (second part): codes glued by a slash or a dot, aircraft and bush vehicles, ages in other languages and beside a name, and brands of other countries, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a capital prefix glued to a long number, a code after a bare "ID", and keeps an ICD-10 code', () => {
    expect(left('Cover KQ/55190237; tube T17.660412 to lab; waitlist ID QMV771.')).not.toMatch(/KQ|55190237|T17|660412|QMV771/);
    expect(out('Dx M16.11 and S82.201A.')).toBe('Dx M16.11 and S82.201A.');
  });

  it('takes a plate after a driving verb or a bush vehicle, and an aircraft registration after an aircraft word', () => {
    expect(left('Son driving her home in KT 88RZ; flew in on plane ZK-MQT, then the ute (4HUX 219).')).not.toMatch(/KT|88RZ|ZK-MQT|MQT|4HUX|219/);
    expect(out('Driving is fine; plane trip 2 hours.')).toBe('Driving is fine; plane trip 2 hours.');
  });

  it('takes an age over 89 with the unit of another language or its word before it, and beside a name with a sex or a dash', () => {
    expect(left('Mrs. Solbakken, 94 år; Herr Abendroth (97 J.); Bapak Sutomo umur 92; tamariki of Hine, 93 tau.')).not.toMatch(/94|97|92|93/);
    expect(left('3) P. Garmendia, M, 95 — fall; bed 4 mr achterberg 98 — delirium; | Kovalenko, Vira | 91 | CHF')).not.toMatch(/95|98|91/);
    expect(out('Dr Okafor 95 mg given.')).toContain('95 mg');
  });

  it('keeps brands sold outside the United States as drugs', () => {
    const text = 'ice + Calpol; Buscopan for cramps; Hypnovel 2.5 mg; On Marevan, Somac and Madopar.';
    expect(out(text)).toBe(text);
  });
});

describe('eighteenth round (third part): organisations by more heads, named "of the" a place, counties of several words, roads of other services, and devices after more kinds, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes an organisation ending in a circle, and a name "of the" a place after a preposition', () => {
    expect(left('Chaplaincy: Marrowind Cree Drum Circle.')).not.toMatch(/Circle/);
    expect(left('Recommend CPAP via Aircare of the Southern Plains; driver')).not.toMatch(/of the/);
    expect(out('discharge to Hospice of the Sandhills.')).toBe('discharge to [ORGANIZATION_1].');
  });

  it('takes a county of several ordinary words, and a tribal or forest-service road with its number', () => {
    const text = 'Moved from Lost Creek County; lives off Tribal Route 16, then end of Forest Service Rd 2281.';
    expect(left(text)).not.toMatch(/Lost Creek|Tribal|16|Forest Service|2281/);
    expect(left('Crew from Tenmile Parish Ambulance District came.')).not.toMatch(/Tenmile|Parish|Ambulance District/);
  });

  it('keeps a device named after its kind without a colon, and still takes a serial there', () => {
    const text = 'dialyser Polyflow 210H; camera SnapWound Pro; thickener Resource ThickenUp Clear.';
    expect(out(text)).toBe(text);
    expect(left('monitor GV9049026 checked')).not.toMatch(/9049026/);
  });
});

describe('eighteenth round (fourth part): facility initialisms, dotted plan numbers, and group and member numbers with their labels, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it("takes a hospital known by its initials with a facility's last letters, not a medical abbreviation", () => {
    expect(left('Transferred from WRCAH to DLRMC, then QMMH.')).not.toMatch(/WRCAH|DLRMC|QMMH/);
    const terms = 'PBMC aliquots stored; LHRH analogue; NCAH excluded; PLCH on biopsy; severe DME OU.';
    expect(out(terms)).toBe(terms);
  });

  it('takes a plan number in dotted groups and a group and member number with their labels', () => {
    expect(left('Cover Northway Mutual 612.3390.4471.08; Billing GRP 551208 / MBR 300912774.')).not.toMatch(/612|3390|4471|GRP|MBR|551208|300912774/);
  });

});

describe("eighteenth round (review mends): what the round's rules must not keep or take, checked on probe lines of the review", () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a person after a review or a table named by its heads, and a person in brackets after a dose form or before a drug', () => {
    expect(left('Medication Review for Margaret Kowalski booked; Serious Incident Review of Brigitte Okonkwo.')).not.toMatch(/Kowalski|Okonkwo/);
    expect(left('Spare inhaler (Margaret Kowalski); collected tablets (Kowalczyk).')).not.toMatch(/Kowalski|Kowalczyk/);
    expect(left('Discussed with Achterberg (prescribed methadone).')).not.toMatch(/Achterberg/);
  });

  it('takes a person whose name is also a brand sold abroad, outside a list of drugs', () => {
    expect(left('Spoke with Rennie about discharge; Rennie and Evra agreed; daughter Rose Mirena phoned.')).not.toMatch(/Rennie|Evra|Mirena/);
  });

  it('keeps vital signs, vertebrae and devices after a driving verb, home medications after "Home", and English words after an age', () => {
    for (const text of ['Was driving when HR 140 AF started.', 'Fell off tractor, T12 L1 burst fracture.', 'Flight of ideas, C-PAP.', 'Home: Metoprolol 25; Home Lasix 40, ok.', 'SpO2 95 let nurse know.', 'ID COVID19 swab sent.']) {
      expect(out(text)).toBe(text);
    }
  });

  it('does not take an English word before an institution named head last', () => {
    expect(out('Haemoptysis from Krajská nemocnice Liberec.')).toMatch(/^Haemoptysis from \[ORGANIZATION_1\]\.$/);
  });
});

describe('nineteenth round: codes printed with their numbers, plates after more vehicles, permits, sessions and booking references, IBANs, and dates in more languages and with a year in words, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a code printed between a label and its number, and a serial or VIN with its designator', () => {
    expect(left('Holds licence CDL K55120934; renewal due.')).not.toMatch(/CDL|K55120934/);
    expect(left('Stamped Cert. no. ICVP FR 7781204 at the port.')).not.toMatch(/ICVP|FR|7781204/);
    expect(left('Cover: NHIF NHIF 44-901276 active.')).not.toMatch(/NHIF|901276/);
    expect(left('Insurance book ЕДН 5531902 kept.')).not.toMatch(/ЕДН|5531902/);
    expect(left('Loop recorder SN QK8841207 explanted; truck VIN 3HGBH41JXMN109186 towed.')).not.toMatch(/SN|QK8841207|VIN|3HGBH41JXMN109186/);
    expect(left('Plan number R55120934*02 on file.')).not.toMatch(/R55120934|\*02/);
    expect(left('Aadhaar 5512 9034 7781 seen.')).not.toMatch(/5512|9034|7781/);
  });

  it('keeps a state before its ZIP code for the place rules, a model before its serial, and a field label', () => {
    expect(out('Lives at 4 Oak Ct, Pine Bluff AR 71601.')).toMatch(/AR \[ZIP_1\]/);
    expect(out('Pump Alaris GP QX7781204 checked.')).toContain('Alaris GP');
    expect(out('MRN 5512903 reviewed.')).toMatch(/^MRN \[MRN_1\]/);
  });

  it('takes a plate after a hearse, a fleet or "driver of", an aircraft registration after a car, and a plate behind a word in capitals', () => {
    expect(left('Hearse KL 4471 TR waited; fleet unit NB77 QXR; driver of AB 123 CD.')).not.toMatch(/4471|NB77|AB 123/);
    expect(left('Left in car C-FQRT at the lot.')).not.toMatch(/C-FQRT/);
    expect(left('Vessel MARLIN Bay PQ 551 XT radioed.')).not.toMatch(/PQ 551/);
  });

  it('takes a permit, a donor code, a session code and a booking reference, but not an English word after "booking"', () => {
    expect(left('Export permit 5521/23 issued; donor DNR-QP4X7K matched; session HT7Q2M opened; Booking ref QZXKTL sent.')).not.toMatch(/5521|QP4X7K|HT7Q2M|QZXKTL/);
    expect(out('Booking CONFIRMED for Monday.')).toBe('Booking CONFIRMED for Monday.');
    expect(out('Patient is DNR-DNI.')).toBe('Patient is DNR-DNI.');
  });

  it('takes an IBAN with a short last group, and a bare domain of a smaller country with its path', () => {
    expect(left('Refund to SI56 1910 0000 0123 438 today; call joins via sestanek.zdravje.si/soba-4471.')).not.toMatch(/SI56|1910|438|zdravje|4471/);
  });

  it('shifts dates written in Romanian, Croatian, Hungarian and Basque order, and takes a year written in words and a time before a colon', () => {
    expect(left('Died 4 februarie 2024; seen 9. svibnja 2023.; letter 2022. március 15.; visit 2021eko urriaren 7a.')).not.toMatch(/februarie|svibnja|március|urriaren/);
    expect(left('She died March third, two thousand and twenty-two, at home.')).not.toMatch(/March|third|thousand|twenty/);
    expect(left('CT 03/02/2024 09:41: no bleed.')).not.toMatch(/09:41|03\/02/);
  });

  it('keeps a clinic or a score named like a month after a number', () => {
    expect(out('Apgar 9. Mayo score noted.')).toContain('Mayo score');
  });
});

describe('nineteenth round (second part): streets in the European order in more languages, roadside places, and landmarks named by what stands there, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a street whose word comes first or last, in French, Romanian, Basque, Hungarian, Catalan, Portuguese and English', () => {
    for (const [text, gone] of [
      ['Posted to Grande rue des Tanneurs 12, 21000 Dijon.', /Tanneurs|12\b/],
      ['Lives at Bulevardul Mihai Bravu 301, Bucharest.', /Bravu|301/],
      ['Sent to str. Libertății nr. 7, Cluj.', /Libertății|nr\.|7\b/],
      ['Delivered to Dózsa György út 41, Szeged.', /Dózsa|György|út|41/],
      ['Seen at Nagusi kalea 9, 3. esk., Tolosa.', /Nagusi|kalea|esk/],
      ['Posted to Rua da Paz ao Largo 7, 2.º Dto, Braga.', /Paz|Largo|Dto/],
      ['Billed to Marram Walk 48, Grimsby.', /Marram|Walk|48/],
      ['Hotel at Marktplatz 3/1/4; then home.', /Marktplatz|3\/1/],
    ] as Array<[string, RegExp]>) {
      expect(left(text)).not.toMatch(gone);
    }
  });

  it('takes an exit before its road, a junction of two roads, a grid reference and a kilometre of a named road', () => {
    expect(left('Found at exit 112 off I-15 southbound; later at junction of FM 2710 and Ranch Road 620.')).not.toMatch(/112|I-15|southbound|2710|620/);
    expect(left('Scene at grid ref SK 215 674; car left at kilometre 41 of the Karakoram Highway.')).not.toMatch(/SK|215|674|41|Karakoram/);
  });

  it('takes a landmark named by what stands there with its "the", and a lot by its letter before a place', () => {
    expect(left('Usually near the Okonjo memorial or the old Brackwater sugar mill; walks along the Lake Sarnen boardwalk.')).not.toMatch(/the (?:old )?\[\]|memorial|sugar|boardwalk/);
    expect(left('Stretcher carry to Narsaq heliport; memorial at Rudas fürdő.')).not.toMatch(/heliport|fürdő/);
    expect(left('Van parked at the turnout past the cattle guard on Dry Creek Road.')).not.toMatch(/turnout|cattle|Dry Creek/);
  });

  it('keeps clinical walks, rings and parks that are not streets', () => {
    for (const text of ['6-minute walk 380 m; ring 2 of the scale.', 'Apgar 9 then 10 at birth.']) expect(out(text)).toBe(text);
  });
});

describe('nineteenth round (third part): payers after a cover or billing cue, bodies known by their initials where they dispatch, hold or receive, and letterheads beside a form title, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes the payer after a cover, billing, funding or insured cue, up to its number', () => {
    expect(left('Cover: KELA Finland Q55120934*01; Billing: NHIF Kenya 4471 2290; insured SUSALUD PE-04-55120934-1.')).not.toMatch(/KELA|Finland|NHIF|Kenya|SUSALUD/);
    expect(left('Funding: Marrowstone Benefit Trust 4471-2290-11; Travel insurer Allianz Care policy Q5512093*04.')).not.toMatch(/Marrowstone|Allianz/);
    expect(out('Cover: none. Billing: ICU 3 days.')).toBe('Cover: none. Billing: ICU 3 days.');
  });

  it('takes initials that dispatch, hold a body or receive a letter, but not a team or a ward', () => {
    expect(left('Tasked by SAMUR dispatch; body at — KMH MORTUARY; letter to ZZJZ. Shore hospital KBCS, ward 3.')).not.toMatch(/SAMUR|KMH|ZZJZ|KBCS/);
    expect(out('Seen by MDT, then reviewed by ICU.')).toBe('Seen by MDT, then reviewed by ICU.');
  });

  it('takes a letterhead before or after a form title in capitals, not a sentence, a ward or the title itself', () => {
    expect(left('Harbourlight Air 3 — PRIMARY RETRIEVAL   Mission 4')).not.toMatch(/Harbourlight|Air 3/);
    expect(left('Dnevna bolnica za onkologiju KBCO — SACT PRESCRIPTION')).not.toMatch(/Dnevna|KBCO/);
    expect(left('CONTACT TRACE — Bureau of Animal Health, Tolna   Ref')).not.toMatch(/Bureau|Animal|Tolna/);
    for (const text of ['Pain reviewed — NO CHANGE', 'Cardiac Rehab — PHASE II NOTES', 'OCCUPATIONAL HEALTH — FITNESS FOR WORK ASSESSMENT']) expect(out(text)).toBe(text);
  });
});

describe('nineteenth round (fourth part): clinical terms kept (formulas, aids, scales and forms named after people or places, brands, billing codes, a disease named like a holiday), checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('keeps eponymous formulas, aids, scales and forms, and brands taken for names', () => {
    for (const text of [
      'eGFR by Cockcroft-Gault 61; target HR by Karvonen 110-125; Borg RPE 12.',
      'Aids: Sara Stedy, Dosette box and Webster pack; phantom pain eased by Ramachandran mirror box.',
      'Screen: Inventory of Complicated Grief 28; Amputee Mobility Predictor 36; Mean Deviation -4.1 dB.',
      'Forms: Medical Certificate of Cause of Death and Cremation Form 4 signed.',
      'Induction: Thymoglobulin then Simulect; seasick on Stugeron; allergic to Elastoplast.',
      'Background: Christmas disease on prophylaxis.',
    ]) {
      expect(out(text)).toContain(text.slice(text.indexOf(' ') + 1, text.indexOf(' ') + 12));
      expect(out(text).replace(/\[DATE_\d+\]/g, '')).not.toMatch(/\[(?:PERSON|LOCATION|ORGANIZATION)_\d+\]/);
    }
  });

  it('keeps a HCPCS code with its label or before its units, and still takes a record number of that shape', () => {
    expect(out('Billed HCPCS J1745 and J-code J2350; J9035 drug units x10.')).toBe('Billed HCPCS J1745 and J-code J2350; J9035 drug units x10.');
    expect(out('Record J1569 on file.')).toMatch(/^Record \[ID_1\] on file\.$/);
    expect(out('Seen on Christmas Day.')).toMatch(/^Seen on \[DATE_1\]\.$/);
  });
});

describe('nineteenth round (fifth part): lower-case names after more roles and kin, one name signed with a credential, and plates after a driver or a lift and on sight, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes lower-case names after a warden, a buddy or a farmhand, and one name before a credential', () => {
    expect(left('Hut warden dagný þórsdóttir; buddy tevita fifita walks; farmhand ngaire te rangi helps.')).not.toMatch(/dagný|tevita|ngaire/);
    expect(left('Vet: ilmārs bvsc, Mixed Practice; physiologist oyelaran cep; counsellor fumnanya lcsw.')).not.toMatch(/ilmārs|oyelaran|fumnanya/);
  });

  it('takes a plate after a driver or a lift, and a Croatian or French plate on sight', () => {
    expect(left('Delivered by driver Emeka (KA 4471-PQ); lifted by Skyline Air HB 551 XQ; seen in RI 2290-TZ and AB-123-CD.')).not.toMatch(/4471|551|2290|AB-123/);
    expect(out('The driver was stable; HR 88.')).toBe('The driver was stable; HR 88.');
  });
});

describe('nineteenth round (sixth part): institutions named head first in French, Italian, Romanian and Croatian, with their own adjectives, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes the whole name, adjectives included, and leaves the head alone as a word', () => {
    expect(left('Transferred to Centre hospitalier universitaire de Sherbrooke today.')).not.toMatch(/hospitalier|universitaire|Sherbrooke/);
    expect(left('Seen at Ambulatorio pediatrico Rossetti; then Dispensarul Uman Bogdana.')).not.toMatch(/pediatrico|Rossetti|Uman|Bogdana/);
    expect(out('Tribunal hearing next week.')).toBe('Tribunal hearing next week.');
  });
});

describe('nineteenth round (seventh part): an age over 89 takes the unit written after it, in English and other languages, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('writes "90+" for the age and its unit, and leaves a younger age with its unit', () => {
    expect(out('A 97-year-old man; sister 93 years old; Dujam, 91 god.; 92 нас; 64 years old.')).toBe('A 90+ man; sister 90+; Dujam, 90+; 90+; 64 years old.');
    expect(out('Age 101 yrs, walks.')).toBe('Age 90+, walks.');
  });
});

describe("nineteenth round (review mends): what the round's rules must not take or keep, checked on probe lines of the review", () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('keeps exercises, procedures, counts, lab labels, codes and care instructions that the new rules took', () => {
    for (const text of [
      '6MWT: Six Minute Walk 412 m; Cardiac Monitoring 48 hours; Tapering 40 mg; Seated Row 20 kg x 10.',
      'Place Foley 16 Fr catheter; Place Bair Hugger 3 hours pre-op.',
      'Ambulance crew in N95 respirators; Driver started on G-CSF day 3; Driver, I-STAT K 4.1.',
      'Blasts positive for CD10 CD19 CD20 CD22 CD34.',
      'Antibiotic cover: Co-Amoxiclav. Insulin cover: Actrapid. Cover: IV Fluids. Billing: Time Based.',
      'Nursing Notes — NIGHT SHIFT',
      'Acquired in hospital MRSA. Letter to CMHT. Dispatched by HEMS.',
      'Sterilised per EN ISO 11135-1.',
      'Unrestrained driver, ETOH 250, GCS 14. Scooter fall at 1400 HRS. Fleet enema 118 ML PR given.',
      'Booking HOLTER monitor. Session COVID19 vaccine clinic.',
      'Paramedic: acls bls. Consultant: ENT SPR. Partner HIV NEG. Index finger flexion weak.',
      'Ambulatorio medico visita 3. Take 5 mg q.am/q.pm as needed.',
      'Christmas Disease (factor IX deficiency).',
    ]) {
      expect(out(text)).toBe(text);
    }
    expect(out('HIV RNA 250000 copies/mL')).toMatch(/^HIV RNA \[ID_1\] copies\/mL$/);
    expect(out('Diet from May 3rd, eighteen hundred calories per day.')).toContain('eighteen hundred calories');
  });

  it('takes what the round meant to take in the review\'s other shapes', () => {
    const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');
    expect(left('Participant code P1234 enrolled; Gate code: B1234 at rear.')).not.toMatch(/P1234|B1234/);
    expect(left('Over Christmas disease control was poor.')).not.toMatch(/Christmas/);
    expect(left('Aadhaar 4471 2286 0193, mobile on file.')).not.toMatch(/4471|2286|0193/);
    expect(left('Admitted March 3rd, twenty twenty-one.')).not.toMatch(/twenty/);
    expect(left('93 настай эмэгтэй.')).not.toMatch(/93/);
    expect(left('Bereaved: X, Place des Préjures 240, 8362 Hévíz.')).not.toMatch(/Préjures|240/);
  });

  it('does not take a participle after a kin word for a name, and still takes a lower-case name there', () => {
    expect(out('Husband notified today; partner informed.')).toBe('Husband notified today; partner informed.');
    expect(out('husband ahmed called; aunt ruth visited.')).toMatch(/^husband \[PERSON_1\] called; aunt \[PERSON_2\] visited\.$/);
  });
});

describe('twentieth round: roadside places named by what stands there and by a word of the land, and institutions named in more languages, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a roadside stop with its landmark words, and a name ending in a word of the land before a landmark', () => {
    expect(left('Found at Owlhead summit pullout after the storm.')).toBe('Found at [] after the storm.');
    expect(left('Crew staged at Brambleby trailhead lot, then the Tolliver chain-up area.')).toBe('Crew staged at [], then [].');
    expect(left('Fell near Quenby Lake dam; carried to Marrowgate Ferry landing.')).toBe('Fell near []; carried to [].');
    expect(left('He lives in the Pellow flats behind the store.')).not.toMatch(/Pellow|flats/);
    expect(left('Stuck at the low-water crossing at Drabble Run overnight.')).not.toMatch(/Drabble|Run|crossing/);
  });

  it('keeps clinical words after a name and a landmark word that is no place', () => {
    for (const text of ['Seen in the area of the scar.', 'Parking lot fall, no LOC.', 'Bus stop to clinic: 10 min.', 'Lake Louise criteria met; the ferry crossing was rough.', 'Allen test done at the bedside before the Seldinger line.']) {
      expect(out(text)).toBe(text);
    }
  });

  it('takes institutions whose head is a compound or a word of another language, and stops at a sentence end', () => {
    expect(left('Discharged from Vaaralan keskussairaala yesterday.')).toBe('Discharged from [] yesterday.');
    expect(left('Scripts from Pohjolan apteekki. Seen today.')).toBe('Scripts from []. Seen today.');
    expect(left('Transfer from Nordvik sjukehus, ward 4.')).toBe('Transfer from [], ward 4.');
    expect(left('Labs from Rēzeknes slimnīca were normal.')).toBe('Labs from [] were normal.');
    expect(left('Letter from Oudtshoorn Provinsiale Hospitaal enclosed.')).toBe('Letter from [] enclosed.');
    expect(left('Treated at Ysbyty Glan Clwyd. Her HAS-BLED is 2.')).toBe('Treated at []. Her HAS-BLED is 2.');
    expect(out('Items: Boston Naming Test. Pharmacy Tammela apteekki.')).toMatch(/^Items: Boston Naming Test\. /);
    expect(left('Chuyển từ Bệnh viện Đa khoa tỉnh Bến Tre hôm qua.')).not.toMatch(/Bến|Tre/);
  });
});

describe('twentieth round (second part): plates with a state or four groups, licences with their printed prefix, plan numbers in groups of four after a payer, and dates of more shapes, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a plate with its state, in four groups, or after a parking cue, and stops before a word in capitals', () => {
    expect(left('Son drives the car OR K7TQ2ZP to visits.')).toBe('Son drives the car [] to visits.');
    expect(left('Lorry MH 12 AB 4471 parked outside.')).toBe('Lorry [] parked outside.');
    expect(left('Truck DL 4471 CX at the depot gate.')).not.toMatch(/4471|CX/);
    expect(left('Parking for NM 8TRD4K2 arranged.')).not.toMatch(/NM|8TRD4K2/);
    expect(out('Car AB12 CDE AND then went home.')).toMatch(/\] AND then went home\.$/);
    expect(out('Truck 1400 HRS; van seats 4 MIN.')).toBe('Truck 1400 HRS; van seats 4 MIN.');
  });

  it('takes a licence with its state and kind, or with the issuing office, printed before the number', () => {
    expect(left('Driver licence NV DL Q8821734 seen.')).toBe('Driver licence [] seen.');
    expect(left('He holds CDL DDS 55231, current.')).toBe('He holds CDL [], current.');
    expect(left('Driver licence CDL-B Q4471190 noted.')).toBe('Driver licence [] noted.');
  });

  it('takes a plan number in groups of four with a shorter last group, and keeps a row of years', () => {
    expect(left('Kestrel Mutual 4410 2297 31 on file.')).not.toMatch(/4410|2297|31/);
    expect(out('Audits in 2019 2020 2021 found nothing.')).toBe('Audits in 2019 2020 2021 found nothing.');
  });

  it('reads a day with its full stop and a year, Vietnamese dates, and no two-digit year across a line', () => {
    expect(left('Seen 14. mars 2023 and 3. april 2024.')).toBe('Seen [] and [].');
    expect(left('Follow-up ngày 5 tháng 11 năm 2022; again tháng 2 năm 2023.')).toBe('Follow-up []; again [].');
    expect(out('REGISTER Apr. 2nd\n10/4 09:15 fever')).not.toMatch(/\/4/);
    expect(out('Bed 4 Julie reports pain.')).toMatch(/^Bed 4 /);
  });
});

describe('twentieth round (third part): classifications by type, and things named by their maker before an everyday head, kept; a known name before such a head still taken, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('keeps a deviser before a type in Roman numerals or a capital letter, and things before an everyday head', () => {
    for (const text of [
      'Skin is Fitzpatrick type IV; ECG shows Mobitz type II block; tympanogram Jerger type B on the left.',
      'Tofflemire matrix placed; Velcro strap applied; Epsom salts soak; Sitz bath twice daily; Luer lock checked.',
      'Units carried in a Hemonetics cooler. Crohn flare on steroids.',
    ]) {
      expect(out(text)).toBe(text);
    }
  });

  it('still takes a known name before an everyday head or before a type, and a name before a type in digits', () => {
    expect(out('Gave Tom bath at 8pm; helped Maria lock the door.')).not.toMatch(/Tom|Maria/);
    expect(out('Anna Jerger type A personality noted.')).not.toMatch(/Anna|Jerger/);
    expect(out('Patient Smith type 1 diabetic.')).not.toMatch(/Smith/);
  });
});

describe('twentieth round (fourth part): names before a relation in brackets, before a credential that is also a word, with the rest of their surname, and organisations named "of" a name, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes a Title Case name right before its relation in brackets, and keeps ordinary words there', () => {
    expect(out('Next of kin: Bjarnheiður (stepdaughter) 555 0142.')).not.toMatch(/Bjarnheiður/);
    expect(out('Home 12 Ash Row; Thandiwe (granddaughter) on 07700 900461.')).not.toMatch(/Thandiwe/);
    expect(out('Contacts: Pharmacy (friend) and Monday (son).')).toBe('Contacts: Pharmacy (friend) and Monday (son).');
  });

  it('takes two unknown lower-case words before "do" or "pa", and keeps ordinary words there', () => {
    expect(out('Post-mortem by ayodele okonkwo-briggs do: pulmonary embolus.')).not.toMatch(/ayodele|okonkwo/);
    for (const text of ['What they do: nothing.', 'Patients who do not attend are called.']) expect(out(text)).toBe(text);
  });

  it('takes the rest of a double-barrelled surname, an Arabic article and a patronym, and new credentials', () => {
    expect(out('Sponsor contact Hélène Marchetti-Daubigné, by e-mail.')).not.toMatch(/Daubigné/);
    expect(out('Relatives tested: Khalid bin Rashid al-Mansouri and his son.')).not.toMatch(/Khalid|Rashid|Mansouri/);
    expect(out('Reviewed by Tomasz Wieczorek FRCA and Aoife Brennan MCSP.')).not.toMatch(/Wieczorek|Brennan/);
  });

  it('takes an organisation named "of the" a name found after it as one organisation', () => {
    expect(out('Outreach via Gift of Life of the Marrowdale.').replace(/\[[A-Z_]+\d*\]/g, '[]')).toBe('Outreach via [].');
  });
});

describe('twentieth round (fifth part): initials of a provider with its place in brackets or after a credential, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes initials where care was had with the place in brackets, and a signer\'s organisation after a credential', () => {
    expect(out('Seen before at KVRH (Tallowmere) in 2019.')).not.toMatch(/KVRH/);
    expect(out('Referred by Dr Osei, MBChB (WDHB) for review.')).not.toMatch(/WDHB/);
  });

  it('keeps care settings, specialties and fellowships in those places', () => {
    for (const text of ['Admitted to CCU (Cardiology) today.', 'Dr Tan MD (FACC) reviewed.', 'Jo, RN (ICU) on shift.']) {
      expect(out(text).replace(/\[PERSON_\d+\]/g, 'X')).toBe(text.replace(/Tan|Jo(?=,)/, 'X'));
    }
  });
});

describe('twentieth round (sixth part): plates after more cues, and a landmark without "the" where a route or a place opens, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes a plate after "mileage by", "placard for" or "do not drive (…)", and keeps a duration there', () => {
    expect(left('Travel claim: mileage by KD 07 LM 4410; receipts attached.')).toBe('Travel claim: mileage by []; receipts attached.');
    expect(left('Blue badge: parking placard for RT5 9KX.')).toBe('Blue badge: parking placard for [].');
    expect(left('Dilating drops — do not drive (N433TQ) after.')).toBe('Dilating drops — do not drive ([]) after.');
    expect(out('Do not drive (24 h) after sedation.')).toBe('Do not drive (24 h) after sedation.');
  });

  it('takes a landmark and the road it is off where a route or an arrest opens', () => {
    expect(left('Route: gravel pit off County Road 1187 → clinic.')).toBe('Route: [] → clinic.');
    expect(left('Arrested at quarry off Route 9 overnight.')).not.toMatch(/quarry|Route 9/);
  });
});

describe('twentieth round (seventh part): a drug written in Cyrillic or Greek letters is read by its Latin spelling, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('keeps the drug and still takes the names around it', () => {
    const text = out('Призначено Сальбутамол і Метформін; лікар Олена Петренко. Χορηγήθηκε παρακεταμόλη από τον Γιώργο Παπαδόπουλο.');
    expect(text).toContain('Сальбутамол');
    expect(text).toContain('Метформін');
    expect(text).toContain('παρακεταμόλη');
    expect(text).not.toMatch(/Олена|Петренко|Παπαδόπουλο/);
  });
});

describe("twentieth round (review mends): what the round's rules must not take or keep, checked on probe lines of the review", () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('keeps numbered items, rows of volumes and times, transfer observations, Portuguese and Tagalog words, and Vietnamese durations', () => {
    for (const text of [
      'Plan: 1. May go home tomorrow. 2. May benefit from OT input.',
      'Impression: 1. May-Thurner syndrome.',
      'I/O 2400 1850 550 overnight; insulin given 0600 1200 18 units.',
      'Transport with CPAP 10 CM H2O; Transport requested ETA 45 MIN.',
      'Car seat check: ISOFIX 2 POINT. Bus accident: 3 PTS 2 MINOR.',
      'the meds dont do anything',
      'Diagnóstico: fratura distal do rádio.',
      'Bé 9 tháng 12 ngày tuổi, khám 6 tháng 1 lần.',
    ]) {
      expect(out(text)).toBe(text);
    }
    expect(out('Problems: 1. Mar 2024 admission')).toMatch(/\[DATE_1: 2024-04\]/);
  });

  it('still takes a name before a type, an everyday head or "area", and a Vietnamese date written with its words in capitals', () => {
    expect(out('Patel type II diabetes. Donor Siobhan type A positive.')).not.toMatch(/Patel|Siobhan/);
    expect(out('Gave Xiomara bath; Applied Adeyemi sleeve to arm.')).not.toMatch(/Xiomara|Adeyemi/);
    expect(out('Spoke with Anne Marsh area manager.')).toMatch(/\[PERSON_1\] area manager/);
    expect(out('Ngày khám: 12 tháng 8, 2020.')).toMatch(/^Ngày khám: \[DATE_1: 2020-09-26\]\.$/);
  });
});

describe('twenty-first round: a house number before a name where an address opens, and a place\'s "the", checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes the house number and the street the name rules read as a person, with a unit after it', () => {
    expect(left('Staying with her cousin at 71 Ulica Brzozowa, Gdynia.')).not.toMatch(/71|Brzozowa/);
    expect(left('| Address | 9 Tidewater Steps (Kingsmere), Port Alder |')).not.toMatch(/\b9\b|Tidewater|Steps/);
    expect(left('Next of kin 0400 111 222, 2817 Placo de Ludoviko, 3010 Bern.')).not.toMatch(/2817|Ludoviko/);
    expect(left('d/c to the care home, 27 Strada Lunga, ap. 12, Brasov.')).not.toMatch(/27|Lunga|ap\. 12/);
  });

  it('keeps a number before a name that is no address, and takes a place with its "the"', () => {
    expect(out('Bed 4 Julie reports pain; gave 2 Tylenol at 0800.')).toMatch(/^Bed 4 \[PERSON_1\] reports pain; gave 2 Tylenol at 0800\.$/);
    expect(left('Hotel Oakmere, the Kasbah.')).toBe('[], [].');
    expect(left('Outreach via Hope Mission of the Ozarks.')).toBe('Outreach via [].');
  });
});

describe('twenty-first round (second part): a two-column table of form fields, and an organisation named "for the" a name, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('reads a two-column table whose first column is field labels as fields and their values', () => {
    const text = out('| Name | Oriana Feldkamp |\n| DOB | 3 March 1988 |\n| Employer | Stonebridge Quarry Works |\n| Partner | Tobias Renn |');
    expect(text).toMatch(/^\| Name \| \[PERSON_1\] \|\n\| DOB \| \[DATE_1: [^\]]+\] \|\n\| Employer \| \[ORGANIZATION_1\] \|\n\| Partner \| \[PERSON_2\] \|$/);
  });

  it('still reads a table with a header row by its columns', () => {
    expect(out('| Patient | City |\n| Ann Lee | Boston |')).toBe('| Patient | City |\n| [PERSON_1] | [LOCATION_1] |');
  });

  it('takes an organisation and the name after "for the" as one organisation', () => {
    expect(out('Scene cleared by Mental Health Review Tribunal for the Northern Marches.')).toBe('Scene cleared by [ORGANIZATION_1].');
  });
});

describe('twenty-first round (third part): designators printed with their values, long card numbers, a CPF, ordinal ages and a class letter of a licence, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;
  const left = (text: string) => out(text).replace(/\[[A-Z_]+\d*(?::[^\]]*)?\]/g, '[]');

  it('takes REF and LOT with their values, an account after A/C, a serial with a check letter, and a CPF', () => {
    expect(left('Infusion pump REF 40417 LOT K7Q2MMX1 checked.')).toBe('Infusion pump [] checked.');
    expect(left('Billing acct A/C 550193 on file.')).toBe('Billing acct [] on file.');
    expect(left('Mattress (serial QRT 660412 K) delivered.')).not.toMatch(/QRT|660412|\bK\)/);
    expect(left('Mother 612.330.457-08 on the birth form.')).toBe('Mother [] on the birth form.');
  });

  it('takes a card number in long groups, and keeps a row of doses', () => {
    expect(left('Ins: Lakeshore Mutual 80311 44021 5120 771236; billing.')).not.toMatch(/80311|5120|771236/);
    expect(out('Doses 1000 1500 75 mL each.')).toBe('Doses 1000 1500 75 mL each.');
  });

  it('writes "90+" for an age as the ordinal of the year and after the decade\'s word, and takes a licence with its class', () => {
    expect(out('Widow, in her ninety-seventh year, lives alone.')).toBe('Widow, in her 90+, lives alone.');
    expect(out('Resident: nonagenarian, 97.')).toBe('Resident: 90+, 90+.');
    expect(left('EMT (lic CDL B 33017725) driving.')).toBe('EMT (lic []) driving.');
  });
});

describe('twenty-first round (fourth part): an initial and a surname that is a word, after a hand-over or before a credential, and a form table after a title line, checked on probe lines of my own', () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('takes "H. Bright" after "by" or before a credential, and keeps germs and rhythms written with an initial', () => {
    expect(out('Handover by K. Summers RN at 07:00.')).not.toMatch(/Summers/);
    expect(out('Dispensed by J. Meadows, CPhT.')).not.toMatch(/Meadows/);
    expect(out('Cultures grew S. Aureus and E. Coli.')).toBe('Cultures grew S. Aureus and E. Coli.');
  });

  it('reads a form table after a title line with a pipe, and a label whose cell has more words', () => {
    const text = out('BOOKING — Marsh Lane Clinic | Team Rowan\n| Name | Oriana Feldkamp |\n| DOB / age | 19680315 |\n| Partner | Tobias Renn |');
    expect(text).not.toMatch(/Oriana|Feldkamp|Tobias|19680315/);
  });
});

describe("twenty-first round (review mends): what the round's rules must not take or keep, checked on probe lines of the review", () => {
  const out = (text: string) => deidentify({ text }, { dateShiftDays: 45 }).text!;

  it('keeps times, scores and counts before a name, analytes before a unit letter, ratios, reference ranges, lab trends and percentages', () => {
    for (const [text, kept] of [
      ['0800 Kowalczyk RN: obs stable.', '0800 '],
      ['Reviewed at 1530 Okafor, registrar.', 'at 1530 '],
      ['Referred to 2 Hopkins surgeons.', 'to 2 '],
      ['SpO2: 91 Okafor aware.', 'SpO2: 91 '],
      ['Admitted to unit with G-TUBE in situ.', 'G-TUBE'],
      ['EPO 10000 U SC weekly.', 'EPO '],
      ['Urine A/C 1250 mg/g.', 'A/C '],
      ['CK trend 12450 8630 4215 2107.', '8630 4215 2107'],
      ['Frail nonagenarian, 96% on room air.', '96%'],
    ]) {
      expect(out(text)).toContain(kept);
    }
  });

  it('keeps a two-column table with a real header, and ordinary values in a form table', () => {
    expect(out('| Name | Role |\n| Dr Tan | Lead |')).toMatch(/^\| Name \| Role \|/);
    expect(out('| Employer | Retired |')).toBe('| Employer | Retired |');
  });
});
