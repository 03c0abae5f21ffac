/**
 * The credentials care staff sign after a name ("RN", "IBCLC", "PharmD", "MBChB"), in one place for
 * the name rules, the eponym and device rules of medical-terms.ts and the organisation context:
 * a name is never one of them, and a word before one is a person's, not an eponym's or a product's.
 */
export const CREDENTIALS: ReadonlySet<string> = new Set(
  // Licences and board certifications of US care staff, as they sign after a name; (twentieth round) more
  // British and Commonwealth fellowships and memberships ("FRCA", "MCSP", "FCPS").
  `md do rn np pa pa-c lpn lvn cna msw lcsw pharmd dpt rd cnm crna dds dmd phd mph bsn msn dnp aprn fnp psyd od mbbs frcp facp facs
  emt emt-p paramedic lmsw lmft lpc lcpc otr otr/l cota pta slp ccc-slp rrt crt cst rdms rvt cnp cns acnp agacnp whnp cpnp pmhnp ccrn
  cen cpn ocn rnc ibclc rpsgt cpht cpht rph cda rdh chpn chaplain bcc ccm cwocn wocn cwon cdces cde rdn ldn atc cma rma cmt cphq
  aud dpm mlt mls lmhc lac bcba hha stna ccma rcp rdcs cctc cgc lcgc cpnp-ac fnp-c agpcnp-bc anp cnl ccc
  ccrp ccrc crc cptc ladc lcadc cadc sane-a sane-p cpo rrt-nps ccc-a chtrn ctrs cpss cphq lnha
  chw ccds ccp ccp-c aemt nrp nremt nremt-p emt-b emt-i cfrn ctrn fp-c rcis rcs rvs cnmt arrt otd lisw bcps fnp-bc
  bds mds mbchb frcs fracs fracp fracgp facem mrcs mrcp mrcgp mrcpch frcpc ccfp rgn rmn spr
  frca fanzca frcr frcog mrcog mrcpsych frcpsych frcpath frcem mcem mcsp rscn rnld fcps fcpaed facc faap facep facog fccp fasn fidsa fahs`.split(/\s+/),
);
/** A care staff credential ("RN", "IBCLC", "PharmD"). */
export function isCredential(word: string): boolean {
  return CREDENTIALS.has(word.toLowerCase());
}

// Credentials that are also ordinary lower-case words ("do", "pa", "od", "rd"): not a name's cue in lower case.
export const AMBIGUOUS_CREDENTIALS: ReadonlySet<string> = new Set('do pa od rd emt paramedic'.split(' '));
