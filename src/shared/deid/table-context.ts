/**
 * Tables pasted into a note or returned by a tool (CSV, tab-separated, Markdown pipes) say in their
 * header what each column holds: a cell under "name", "patient" or "last_name" is a person whatever
 * it looks like ("Agirregabiria, Koldobika I."), one under "address" or "city" a place, under
 * "employer" or "pharmacy" an organisation, and one under "test", "drug" or "diagnosis" a clinical
 * term that the name detectors must not read ("Vitamin D 25-OH", "Basic metabolic panel").
 */
import { isEnglishWord } from './english-words';
import { IdentifierKind, Span } from './deid.types';

type ColumnRole = IdentifierKind | 'CLINICAL' | undefined;

const CLINICAL_COLUMN = /^(?:test|test[ _-]?name|lab|lab[ _-]?test|analyte|drug|drug[ _-]?name|medication|medication[ _-]?name|med|meds|diagnosis|dx|problem|procedure|description|result|unit|units|code|order|order[ _-]?name|panel|vaccine|allergy|allergen)$/i;
const PERSON_COLUMN =
  /^(?:(?:patient|pt|member|subscriber|guarantor|provider|physician|doctor|clinician|attending|referring|ordering|nurse|contact|emergency[ _-]?contact|next[ _-]?of[ _-]?kin|nok|caregiver|carer|guardian|parent|mother|father|spouse|insured)[ _-]?)?(?:name|full[ _-]?name|first[ _-]?name|last[ _-]?name|surname|given[ _-]?name|family[ _-]?name|middle[ _-]?name|forename)$|^(?:patient|provider|physician|doctor|clinician|attending|nurse|contact|nok|guardian|caregiver|carer)$/i;
const PLACE_COLUMN = /^(?:(?:home|patient|street|mailing|billing)[ _-]?)?(?:address|addr|street|address[ _-]?line[ _-]?\d?|city|town|county|suburb|village|neighbou?rhood)$/i;
const ZIP_COLUMN = /^(?:zip|zip[ _-]?code|zipcode|post[ _-]?code|postal[ _-]?code|plz)$/i;
const ORG_COLUMN = /^(?:employer|facility|hospital|clinic|practice|pharmacy|insurer|payer|payor|school|company|agency)(?:[ _-]?name)?$/i;

function role(header: string): ColumnRole {
  const h = header.trim().replace(/^["']|["']$/g, '');
  if (CLINICAL_COLUMN.test(h)) return 'CLINICAL';
  if (PERSON_COLUMN.test(h)) return 'PERSON';
  if (PLACE_COLUMN.test(h)) return 'LOCATION';
  if (ZIP_COLUMN.test(h)) return 'ZIP';
  if (ORG_COLUMN.test(h)) return 'ORGANIZATION';
  return undefined;
}

/** Cells of one line with their offsets: CSV with quotes, tabs, or Markdown pipes. */
function cells(line: string, at: number, separator: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (separator === '|') {
    const inner = line.replace(/^\s*\|/, '').replace(/\|\s*$/, '');
    let c = at + line.indexOf(inner);
    for (const part of inner.split('|')) {
      out.push([c, c + part.length]);
      c += part.length + 1;
    }
    return out;
  }
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if ((ch === separator && !quoted) || i === line.length) {
      out.push([at + start, at + i]);
      start = i + 1;
    }
  }
  return out;
}

/** The cell's value without its spaces and quotes, as [start, end). */
function trimmed(text: string, [a, b]: [number, number]): [number, number] {
  while (a < b && /[\s"']/.test(text[a])) a++;
  while (b > a && /[\s"']/.test(text[b - 1])) b--;
  return [a, b];
}

// A column's name: words, or the row number's "#" / "No." ("#  | name | phone | MAT / notes").
const HEADER_CELL = /^\s*["']?(?:#|No\.?|[A-Za-z][A-Za-z _/-]{0,30})["']?\s*$/;
// A column word between separators somewhere in the text: without one there is no table to read.
const KNOWN_COLUMN =
  /(?:^|[,\t|])[ \t]*["']?(?:[a-z]+[ _-])?(?:name|patient|surname|address|city|town|county|zip|zipcode|postcode|employer|pharmacy|insurer|test|drug|medication|diagnosis|procedure|contact)["']?[ \t]*(?:[,\t|]|$)/im;

/**
 * The identifier spans of table cells whose column says what they are, and the ranges of the
 * header's cells and of cells whose column is clinical (for the caller to keep names out of).
 */
export function findTableCells(text: string): { spans: Span[]; clinical: Array<[number, number]> } {
  const spans: Span[] = [];
  const clinical: Array<[number, number]> = [];
  if (!(text.includes(',') || text.includes('\t') || text.includes('|')) || !text.includes('\n') || !KNOWN_COLUMN.test(text)) return { spans, clinical };
  const lines: Array<[number, string]> = [];
  let at = 0;
  for (const line of text.split('\n')) {
    lines.push([at, line]);
    at += line.length + 1;
  }
  for (let i = 0; i < lines.length - 1; i++) {
    const [hAt, header] = lines[i];
    // Pipes with or without the outer ones ("| a | b |", "a | b | c").
    const separator = header.includes('\t') ? '\t' : /^\s*\|.*\|\s*$|\|.*\|/.test(header) ? '|' : header.includes(',') ? ',' : '';
    if (!separator) continue;
    const heads = cells(header, hAt, separator);
    if (heads.length < 2 || !heads.every(([a, b]) => HEADER_CELL.test(text.slice(a, b)))) continue;
    const roles = heads.map(([a, b]) => role(text.slice(a, b)));
    if (!roles.some((r) => r !== undefined)) continue;
    // Twenty-first round: a table of two columns whose first column is field labels ("| Name | Marie Cisse |"
    // then "| DOB | …", "| Employer | …") is a form's fields and their values, not a header and its rows.
    // Review of the round: the second cell is then a value, a word no English list knows or a number ("Marie
    // Cisse"), never a column's name ("| Contact | Relationship |", "| Name | Role |").
    if (heads.length === 2 && roles[0] !== undefined && roles[1] === undefined && !text.slice(heads[1][0], heads[1][1]).trim().split(/[\s/,.-]+/).filter(Boolean).every((w) => isEnglishWord(w.toLowerCase()))) continue;
    // The header's own words are column names ("| Patient | City | Drug |"), not names.
    for (const cell of heads) clinical.push(trimmed(text, cell));
    // The rows below: as many cells as the header (a Markdown rule line "|---|---|" is skipped).
    for (let j = i + 1; j < lines.length; j++) {
      const [rAt, row] = lines[j];
      if (separator === '|' && /^\s*\|?\s*:?-{2,}/.test(row)) continue;
      const values = cells(row, rAt, separator);
      if (values.length !== heads.length) break;
      values.forEach((cell, k) => {
        const [a, b] = trimmed(text, cell);
        const r = roles[k];
        if (a >= b || r === undefined) return;
        if (r === 'CLINICAL') clinical.push([a, b]);
        else if (/\p{L}/u.test(text.slice(a, b)) || r === 'ZIP') spans.push({ start: a, end: b, kind: r, priority: 1 });
      });
      i = j;
    }
  }
  return { spans, clinical };
}
