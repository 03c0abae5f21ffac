'use strict';
/** The raw Bull baselines' job options (the floor's and the HTTP floor's alike): the service's defaults. */
const RAW_BULL_JOB_OPTIONS = { attempts: 4, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: { age: 86400, count: 1000 } };

module.exports = { RAW_BULL_JOB_OPTIONS };
