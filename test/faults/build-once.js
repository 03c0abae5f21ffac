// Builds dist/ before the fault suite (the cases run `node dist/main.js`); FAULTS_SKIP_BUILD=1
// reuses an existing build.
const { ensureBuilt } = require('../../bench/lib/processes.js');

module.exports = async () => {
  await ensureBuilt(process.env.FAULTS_SKIP_BUILD !== '1');
};
