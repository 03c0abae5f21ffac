import { deidentify } from './deidentify';

// Made-up identifiers of most kinds, so each detector's lazy loads happen here: compromise and its
// lexicon, the learned tagger's table, the name lists' indexes.
const SAMPLE =
  'Seen 3/4/2021 by Dr. Maria Lopez at Riverside Clinic, 12 Elm Street, Springfield, IL 62704. ' +
  'Daughter Ana called (555) 301-2244; MRN 00917735. Lives in Bridgeport with her son.';

/**
 * Runs the de-identifier once on a made-up note, so that what it loads on first use (about 0.4 s
 * of CPU, mostly the NLP model) is loaded when a worker starts, not inside its first task's time
 * limit. Returns the CPU milliseconds it took.
 */
export function warmUpDeidentifier(): number {
  const started = process.cpuUsage();
  deidentify({ text: SAMPLE }, { dateShiftDays: 1 });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}
