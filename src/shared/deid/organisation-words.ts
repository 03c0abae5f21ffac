/**
 * Words that name things a hospital's staff talk about every day and that are not people or
 * places: software products and vendors, hospital departments, services and units, and
 * languages (interpreter requests). Kept apart from the clinical lexicon because they are not
 * clinical terms to retain, only words that are never a name on their own.
 */
import { withoutPossessive } from './clinical-morphology';

const PRODUCTS = `epic cerner oracle meditech allscripts athenahealth nextgen eclinicalworks hyperspace powerchart expanse sunrise
  mychart haiku canto rover willow beaker cupid optime radiant kaleidoscope cadence prelude resolute clarity caboodle cogito
  rhapsody mirth cloverleaf corepoint infor workday kronos pyxis omnicell alaris siemens ge medtronic
  vocera imprivata citrix nuance powerscribe dicom pacs sectra agfa carestream hologic
  postgresql postgres mysql mariadb sqlite redis mongodb cassandra elasticsearch opensearch kafka rabbitmq bull bullmq celery
  kubernetes docker helm terraform ansible nginx apache tomcat node nodejs npm typescript javascript python java golang 
  react angular nestjs fastify django flask jupyter pandas numpy grafana prometheus loki kibana splunk datadog
  pagerduty slack zoom outlook excel powerpoint sharepoint onedrive tableau powerbi looker snowflake databricks
  aws azure gcp amazon microsoft google linux windows ubuntu debian github gitlab jira confluence servicenow
  okta auth0 openai langchain unicode ascii utf swagger openapi graphql grpc websocket json yaml xml csv pdf parquet`;

const DEPARTMENTS = `medicine surgery surgical pediatrics paediatrics psychiatry orthopedics orthopaedics radiology pathology anesthesiology
  anaesthesiology anesthesia cardiology neurology oncology hematology haematology nephrology pulmonology gastroenterology
  urology dermatology ophthalmology otolaryngology endocrinology rheumatology geriatrics obstetrics gynecology gynaecology
  neonatology neurosurgery hospitalist hospitalists pharmacy nutrition dietetics rehabilitation physiatry podiatry dentistry
  internal emergency family general interventional critical intensive ambulatory outpatient inpatient perioperative
  telemetry med surg med-surg step-down stepdown mother-baby postpartum antepartum labor labour delivery nursery cath lab
  sterile central biomedical engineering health information management records revenue cycle transport environmental services facilities
  security admitting registration scheduling billing coding compliance quality safety infection prevention control
  informatics analytics operations finance supply chain materials laundry dietary chaplaincy volunteer volunteers
  north south east west tower pavilion wing annex`;

const LANGUAGES = `english spanish mandarin cantonese chinese vietnamese arabic russian ukrainian haitian creole portuguese somali
  tagalog filipino korean japanese polish french german italian hindi urdu bengali punjabi farsi persian dari pashto amharic
  tigrinya swahili hmong khmer nepali burmese karen greek turkish hebrew yiddish albanian bosnian serbian croatian romanian asl`;

const WORDS = new Set(`${PRODUCTS} ${DEPARTMENTS} ${LANGUAGES}`.split(/\s+/).filter(Boolean));

/** A product, vendor, department, unit or language word ("Redis", "Cerner", "Pediatrics", "Spanish"). */
export function isOrganisationWord(word: string): boolean {
  return WORDS.has(withoutPossessive(word.toLowerCase()));
}

const UNITS_AND_LANGUAGES = new Set(`${DEPARTMENTS} ${LANGUAGES}`.split(/\s+/).filter(Boolean));
/** A department, unit or language word: never an employer ("works in Radiology", "speaks Spanish"). */
export function isDepartmentOrLanguage(word: string): boolean {
  return UNITS_AND_LANGUAGES.has(withoutPossessive(word.toLowerCase()));
}
