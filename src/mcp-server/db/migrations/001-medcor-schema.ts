/** The demo hospital's clinical schema (`medcor`). Ids are integers the generator assigns. */
export const medcorSchema = `
CREATE SCHEMA IF NOT EXISTS medcor;

CREATE TABLE medcor.departments (
  id          integer PRIMARY KEY,
  name        text NOT NULL UNIQUE,
  building    text NOT NULL,
  floor       integer NOT NULL
);

CREATE TABLE medcor.providers (
  id            integer PRIMARY KEY,
  user_id       text NOT NULL UNIQUE,
  first_name    text NOT NULL,
  last_name     text NOT NULL,
  specialty     text NOT NULL,
  department_id integer NOT NULL REFERENCES medcor.departments(id),
  npi           text NOT NULL UNIQUE
);
CREATE INDEX providers_department_idx ON medcor.providers(department_id);

CREATE TABLE medcor.patients (
  id            integer PRIMARY KEY,
  mrn           text NOT NULL UNIQUE,
  first_name    text NOT NULL,
  last_name     text NOT NULL,
  date_of_birth date NOT NULL,
  sex           text NOT NULL CHECK (sex IN ('F', 'M', 'X')),
  phone         text,
  email         text,
  address       text,
  city          text,
  state         text,
  zip           text,
  ssn           text
);
CREATE INDEX patients_last_name_idx ON medcor.patients(last_name);
CREATE INDEX patients_date_of_birth_idx ON medcor.patients(date_of_birth);

CREATE TABLE medcor.care_team (
  patient_id  integer NOT NULL REFERENCES medcor.patients(id),
  provider_id integer NOT NULL REFERENCES medcor.providers(id),
  user_id     text NOT NULL,
  role        text NOT NULL,
  PRIMARY KEY (patient_id, provider_id)
);
CREATE INDEX care_team_provider_idx ON medcor.care_team(provider_id);
CREATE INDEX care_team_user_idx ON medcor.care_team(user_id, patient_id);

CREATE TABLE medcor.encounters (
  id             integer PRIMARY KEY,
  patient_id     integer NOT NULL REFERENCES medcor.patients(id),
  provider_id    integer NOT NULL REFERENCES medcor.providers(id),
  department_id  integer NOT NULL REFERENCES medcor.departments(id),
  type           text NOT NULL CHECK (type IN ('inpatient', 'outpatient', 'emergency')),
  admitted_at    timestamptz NOT NULL,
  discharged_at  timestamptz,
  reason         text NOT NULL
);
CREATE INDEX encounters_patient_idx ON medcor.encounters(patient_id, admitted_at);
CREATE INDEX encounters_provider_idx ON medcor.encounters(provider_id);
CREATE INDEX encounters_department_idx ON medcor.encounters(department_id);
CREATE INDEX encounters_admitted_at_idx ON medcor.encounters(admitted_at);

CREATE TABLE medcor.diagnoses (
  id            integer PRIMARY KEY,
  encounter_id  integer NOT NULL REFERENCES medcor.encounters(id),
  icd10_code    text NOT NULL,
  description   text NOT NULL,
  is_primary    boolean NOT NULL,
  status        text NOT NULL CHECK (status IN ('active', 'resolved'))
);
CREATE INDEX diagnoses_encounter_idx ON medcor.diagnoses(encounter_id);
CREATE INDEX diagnoses_icd10_idx ON medcor.diagnoses(icd10_code text_pattern_ops);

CREATE TABLE medcor.medications (
  id          integer PRIMARY KEY,
  patient_id  integer NOT NULL REFERENCES medcor.patients(id),
  name        text NOT NULL,
  dose        text NOT NULL,
  route       text NOT NULL,
  frequency   text NOT NULL,
  start_date  date NOT NULL,
  end_date    date,
  status      text NOT NULL CHECK (status IN ('active', 'stopped', 'completed'))
);
CREATE INDEX medications_patient_idx ON medcor.medications(patient_id, status);
CREATE INDEX medications_start_date_idx ON medcor.medications(start_date);

CREATE TABLE medcor.lab_results (
  id             integer PRIMARY KEY,
  patient_id     integer NOT NULL REFERENCES medcor.patients(id),
  encounter_id   integer REFERENCES medcor.encounters(id),
  loinc_code     text NOT NULL,
  test_name      text NOT NULL,
  value          numeric NOT NULL,
  unit           text NOT NULL,
  reference_low  numeric,
  reference_high numeric,
  abnormal_flag  text CHECK (abnormal_flag IN ('L', 'H', 'N')),
  collected_at   timestamptz NOT NULL
);
CREATE INDEX lab_results_patient_idx ON medcor.lab_results(patient_id, collected_at);
CREATE INDEX lab_results_encounter_idx ON medcor.lab_results(encounter_id);
CREATE INDEX lab_results_collected_at_idx ON medcor.lab_results(collected_at);
CREATE INDEX lab_results_loinc_idx ON medcor.lab_results(loinc_code);

CREATE TABLE medcor.appointments (
  id            integer PRIMARY KEY,
  patient_id    integer NOT NULL REFERENCES medcor.patients(id),
  provider_id   integer NOT NULL REFERENCES medcor.providers(id),
  scheduled_at  timestamptz NOT NULL,
  status        text NOT NULL CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show'))
);
CREATE INDEX appointments_patient_idx ON medcor.appointments(patient_id);
CREATE INDEX appointments_provider_idx ON medcor.appointments(provider_id, scheduled_at);
CREATE INDEX appointments_scheduled_at_idx ON medcor.appointments(scheduled_at);
`;
