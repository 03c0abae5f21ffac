import { Global, Module } from '@nestjs/common';
import { AgentService } from './agent.service';
import { ChatModelFactory, OpenAiChatModelFactory } from './chat-model.factory';
import { LlmService } from './llm.service';
import { UsageRecorder } from './usage.recorder';

/** The LLM (ChatOpenAI behind the ChatModelFactory token) and the tool-calling agent. */
@Global()
@Module({
  providers: [{ provide: ChatModelFactory, useClass: OpenAiChatModelFactory }, LlmService, AgentService, UsageRecorder],
  exports: [ChatModelFactory, LlmService, AgentService, UsageRecorder],
})
export class LlmModule {}
