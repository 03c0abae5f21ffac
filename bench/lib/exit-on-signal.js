'use strict';
// Preloaded into measured processes: SIGUSR2 means "exit cleanly now", so that --cpu-prof writes
// its profile (a process killed by a signal writes none, and Nest re-raises SIGTERM after close).
process.on('SIGUSR2', () => process.exit(0));
