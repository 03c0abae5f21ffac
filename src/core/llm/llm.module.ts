import { Global, Module } from '@nestjs/common';
import { AgentService } from './agent.service';
import { ChatModelFactory, OpenAiChatModelFactory } from './chat-model.factory';
import { DeidentifierWarmUp } from './deidentifier-warm-up';
import { LlmService } from './llm.service';
import { UsageRecorder } from './usage.recorder';

/** The LLM (ChatOpenAI behind the ChatModelFactory token), the tool-calling agent, and the de-identifier loaded at start. */
@Global()
@Module({
  providers: [{ provide: ChatModelFactory, useClass: OpenAiChatModelFactory }, LlmService, AgentService, UsageRecorder, DeidentifierWarmUp],
  exports: [ChatModelFactory, LlmService, AgentService, UsageRecorder],
})
export class LlmModule {}
