/**
 * Twentieth round: a drug or a clinical word written in Cyrillic or Greek letters ("Сальбутамол",
 * "Метформін", "παρακεταμόλη") is an international name spelt in another alphabet, not a person's
 * name. Every word in a script other than Latin reads as a name in an English note (name-rules.ts);
 * medical-terms.ts protects those whose Latin spelling is a listed medical term or has a drug's stem.
 * Letter by letter (ISO 9-like for Cyrillic, ELOT-like for Greek).
 */
const LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'e', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz',
  α: 'a', ά: 'a', β: 'b', γ: 'g', δ: 'd', ε: 'e', έ: 'e', ζ: 'z', η: 'i', ή: 'i', θ: 'th', ι: 'i', ί: 'i', ϊ: 'i', ΐ: 'i',
  κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', ό: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', ύ: 'y', ϋ: 'y',
  φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o', ώ: 'o',
};
/** A Cyrillic or Greek word of five letters or more, for a cheap first test. */
export const CYRILLIC_OR_GREEK_WORD = /[\p{Script=Cyrillic}\p{Script=Greek}]{5,}/gu;

/**
 * The Latin spellings a Cyrillic or Greek word (in lower case) may have as an international name:
 * letter by letter, with "кс" as x, "ц" and "к" as c, and a Greek ending "-η"/"-ης" dropped
 * ("παρακεταμόλη" → "paraketamoli", "paraketamol"); empty when a letter has no Latin value.
 */
export function latinSpellings(lower: string): string[] {
  let latin = '';
  for (const ch of lower) {
    const l = LETTERS[ch];
    if (l === undefined) return [];
    latin += l;
  }
  const stems = [latin, latin.replace(/(?:i|is)$/, '')];
  return stems.flatMap((w) => [w, w.replace(/ks/g, 'x'), w.replace(/ks/g, 'x').replace(/ts/g, 'c').replace(/k/g, 'c')]).filter((w) => w.length >= 5);
}
