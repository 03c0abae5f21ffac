import { Module } from '@nestjs/common';
import { UsageController } from './usage.controller';

/** GET /api/ai/usage/ (API role); the recording itself lives in core/llm (UsageRecorder, global). */
@Module({ controllers: [UsageController] })
export class UsageModule {}
