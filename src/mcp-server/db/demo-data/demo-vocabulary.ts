/**
 * The small word lists the demo generator draws from. Surnames are assembled from syllables so
 * that a generated person is not a real one; clinical codes are real (ICD-10-CM, LOINC) so that
 * queries an analyst writes against the demo look like queries against a real hospital.
 */
export const FIRST_NAMES_F = [
  'Ada', 'Bea', 'Cora', 'Dina', 'Elin', 'Fay', 'Gwen', 'Hana', 'Iris', 'June', 'Kira', 'Lena',
  'Mira', 'Nora', 'Opal', 'Pia', 'Rosa', 'Sana', 'Tess', 'Una', 'Vera', 'Wren', 'Yara', 'Zoe',
] as const;
export const FIRST_NAMES_M = [
  'Abel', 'Bram', 'Cai', 'Dev', 'Emil', 'Finn', 'Gus', 'Hugo', 'Ivo', 'Joel', 'Kai', 'Leo',
  'Milo', 'Nils', 'Otto', 'Per', 'Rui', 'Sami', 'Teo', 'Ugo', 'Vik', 'Wim', 'Yan', 'Zev',
] as const;
export const SURNAME_HEADS = [
  'Al', 'Bren', 'Cal', 'Dor', 'Eld', 'Fen', 'Gar', 'Hal', 'Ist', 'Jor', 'Kel', 'Lom', 'Mar', 'Nor',
  'Orr', 'Pel', 'Quen', 'Ros', 'Sel', 'Tor', 'Ulm', 'Val', 'Wex', 'Yor',
] as const;
export const SURNAME_TAILS = [
  'abry', 'bek', 'dale', 'ersen', 'ford', 'gren', 'holt', 'ington', 'kov', 'lund', 'mere', 'nock',
  'ova', 'quist', 'rick', 'stead', 'thorp', 'vik', 'wick', 'yard',
] as const;
export const STREETS = ['Oak', 'Cedar', 'Harbor', 'Mill', 'Ridge', 'Lake', 'Elm', 'Station', 'Park', 'Orchard'] as const;
export const STREET_KINDS = ['St', 'Ave', 'Rd', 'Ln', 'Blvd', 'Way'] as const;
export const CITIES = [
  { city: 'Springfield', state: 'IL', zip: '627' },
  { city: 'Riverton', state: 'WY', zip: '825' },
  { city: 'Fairview', state: 'OR', zip: '970' },
  { city: 'Greenville', state: 'SC', zip: '296' },
  { city: 'Madison', state: 'WI', zip: '537' },
  { city: 'Franklin', state: 'TN', zip: '370' },
  { city: 'Clinton', state: 'IA', zip: '527' },
  { city: 'Salem', state: 'MA', zip: '019' },
] as const;

export const DEPARTMENTS = [
  ['Emergency Medicine', 'A'], ['Internal Medicine', 'A'], ['Cardiology', 'B'], ['Endocrinology', 'B'],
  ['Pulmonology', 'B'], ['Nephrology', 'C'], ['Oncology', 'C'], ['Neurology', 'C'],
  ['Orthopedics', 'D'], ['Pediatrics', 'D'], ['Obstetrics and Gynecology', 'E'], ['Psychiatry', 'E'],
] as const;
/** Specialty per department, same order as DEPARTMENTS. */
export const SPECIALTIES = [
  'Emergency Medicine', 'Internal Medicine', 'Cardiology', 'Endocrinology', 'Pulmonology',
  'Nephrology', 'Medical Oncology', 'Neurology', 'Orthopedic Surgery', 'Pediatrics', 'Obstetrics',
  'Psychiatry',
] as const;

/** [code, description, department index that usually treats it] */
export const ICD10: ReadonlyArray<readonly [string, string, number]> = [
  ['E11.9', 'Type 2 diabetes mellitus without complications', 3],
  ['E11.65', 'Type 2 diabetes mellitus with hyperglycemia', 3],
  ['E78.5', 'Hyperlipidemia, unspecified', 1],
  ['E03.9', 'Hypothyroidism, unspecified', 3],
  ['I10', 'Essential (primary) hypertension', 1],
  ['I25.10', 'Atherosclerotic heart disease of native coronary artery without angina pectoris', 2],
  ['I48.91', 'Unspecified atrial fibrillation', 2],
  ['I50.9', 'Heart failure, unspecified', 2],
  ['I21.4', 'Non-ST elevation (NSTEMI) myocardial infarction', 2],
  ['J45.909', 'Unspecified asthma, uncomplicated', 4],
  ['J44.9', 'Chronic obstructive pulmonary disease, unspecified', 4],
  ['J18.9', 'Pneumonia, unspecified organism', 4],
  ['J06.9', 'Acute upper respiratory infection, unspecified', 0],
  ['N18.3', 'Chronic kidney disease, stage 3 (moderate)', 5],
  ['N39.0', 'Urinary tract infection, site not specified', 1],
  ['C50.911', 'Malignant neoplasm of unspecified site of right female breast', 6],
  ['C34.90', 'Malignant neoplasm of unspecified part of unspecified bronchus or lung', 6],
  ['G43.909', 'Migraine, unspecified, not intractable, without status migrainosus', 7],
  ['G40.909', 'Epilepsy, unspecified, not intractable, without status epilepticus', 7],
  ['M54.5', 'Low back pain', 8],
  ['M17.11', 'Unilateral primary osteoarthritis, right knee', 8],
  ['S72.001A', 'Fracture of unspecified part of neck of right femur, initial encounter', 8],
  ['O80', 'Encounter for full-term uncomplicated delivery', 10],
  ['F32.9', 'Major depressive disorder, single episode, unspecified', 11],
  ['F41.1', 'Generalized anxiety disorder', 11],
  ['R07.9', 'Chest pain, unspecified', 0],
  ['R51.9', 'Headache, unspecified', 0],
  ['K21.9', 'Gastro-esophageal reflux disease without esophagitis', 1],
  ['D64.9', 'Anemia, unspecified', 1],
  ['Z00.00', 'Encounter for general adult medical examination without abnormal findings', 1],
];

/** [loinc, name, unit, low, high, typical mean, spread] */
export const LABS: ReadonlyArray<readonly [string, string, string, number, number, number, number]> = [
  ['2345-7', 'Glucose [Mass/volume] in Serum or Plasma', 'mg/dL', 70, 99, 105, 45],
  ['4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '%', 4, 5.6, 6.2, 2],
  ['2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 'mg/dL', 0.6, 1.3, 1.1, 0.7],
  ['2951-2', 'Sodium [Moles/volume] in Serum or Plasma', 'mmol/L', 135, 145, 139, 6],
  ['2823-3', 'Potassium [Moles/volume] in Serum or Plasma', 'mmol/L', 3.5, 5.1, 4.3, 1],
  ['718-7', 'Hemoglobin [Mass/volume] in Blood', 'g/dL', 12, 17.5, 13.8, 3],
  ['6690-2', 'Leukocytes [#/volume] in Blood by Automated count', '10*3/uL', 4.5, 11, 7.8, 5],
  ['777-3', 'Platelets [#/volume] in Blood by Automated count', '10*3/uL', 150, 400, 260, 140],
  ['2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', 'mg/dL', 125, 200, 190, 60],
  ['13457-7', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation', 'mg/dL', 0, 100, 110, 50],
  ['3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma', 'm[IU]/L', 0.4, 4, 2.2, 2.5],
  ['1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 'U/L', 7, 56, 30, 30],
  ['10839-9', 'Troponin I.cardiac [Mass/volume] in Serum or Plasma', 'ng/mL', 0, 0.04, 0.03, 0.05],
  ['33914-3', 'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (MDRD)', 'mL/min/{1.73_m2}', 60, 120, 75, 35],
];

/** [name, dose, route, frequency] */
export const MEDICATIONS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['Metformin', '500 mg', 'oral', 'twice daily'],
  ['Lisinopril', '10 mg', 'oral', 'once daily'],
  ['Atorvastatin', '40 mg', 'oral', 'once daily at bedtime'],
  ['Amlodipine', '5 mg', 'oral', 'once daily'],
  ['Levothyroxine', '75 mcg', 'oral', 'once daily before breakfast'],
  ['Apixaban', '5 mg', 'oral', 'twice daily'],
  ['Furosemide', '40 mg', 'oral', 'once daily'],
  ['Albuterol', '90 mcg/actuation', 'inhaled', 'every 4-6 hours as needed'],
  ['Insulin glargine', '20 units', 'subcutaneous', 'once daily at bedtime'],
  ['Sertraline', '50 mg', 'oral', 'once daily'],
  ['Omeprazole', '20 mg', 'oral', 'once daily'],
  ['Ceftriaxone', '1 g', 'intravenous', 'every 24 hours'],
  ['Acetaminophen', '650 mg', 'oral', 'every 6 hours as needed'],
  ['Ondansetron', '4 mg', 'intravenous', 'every 8 hours as needed'],
];

export const ENCOUNTER_REASONS = {
  inpatient: ['Scheduled surgery', 'Acute exacerbation', 'Observation after fall', 'Infection requiring IV therapy'],
  outpatient: ['Routine follow-up', 'Annual examination', 'Medication review', 'New patient consultation'],
  emergency: ['Chest pain', 'Shortness of breath', 'Abdominal pain', 'Injury', 'High fever'],
} as const;

export const CARE_TEAM_ROLES = ['attending', 'primary care', 'consultant', 'nurse practitioner'] as const;
