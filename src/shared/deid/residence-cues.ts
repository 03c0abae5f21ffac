/**
 * Words that put a person at a place ("lives in", "moved to", "driving in from"): the word after
 * them is a place, even an ordinary one ("lives in Orange") or one shaped like a condition ("lives
 * in Tuskahoma"). One list for the name rules and the clinical-shape protection.
 */
const RESIDENCE_VERBS =
  'lives|living|live|resides|residing|moved|moving|relocated|relocating|born|raised|grew up|originally|visiting|vacationing|staying|' +
  'travel(?:l?ed|l?ing)?|returned|came back|flew|flying|drove|driving|drives|commutes|commuting|trip';
const RESIDENCE_CUE = `\\b(?:${RESIDENCE_VERBS})\\s+(?:\\w+\\s+)?(?:in|to|from|at|near)`;

/** A residence cue right before the text's end ("… lives in "). */
export const RESIDENCE_BEFORE = new RegExp(`${RESIDENCE_CUE}\\s+$`, 'i');
/** A residence cue, or a bare "from", "near" or "outside", right before the text's end. */
export const PLACE_CUE_BEFORE = new RegExp(`(?:${RESIDENCE_CUE}|\\b(?:from|near|outside))\\s+$`, 'i');
