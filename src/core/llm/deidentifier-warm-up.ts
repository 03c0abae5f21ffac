import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { warmUpDeidentifier } from '../../shared/deid';

/**
 * Loads the de-identifier's NLP model and tables when the process starts (about 0.4 s of CPU), in
 * every role: a worker's first task and an API's first inline request de-identify before the LLM,
 * and paid for the load inside their time limit (a 2 s query limit missed on a loaded machine).
 */
@Injectable()
export class DeidentifierWarmUp implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeidentifierWarmUp.name);

  onApplicationBootstrap(): void {
    this.logger.log(`De-identifier loaded in ${warmUpDeidentifier().toFixed(0)} ms of CPU`);
  }
}
