import { Injectable } from '@nestjs/common';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import { AppConfigService } from '../config';
import { llmFetch } from './llm-fetch';

/** One model endpoint to try: the primary, then each OPENAI_FALLBACK_MODELS entry. */
export interface ModelCandidate {
  model: string;
  baseUrl?: string;
}

/**
 * The LLM boundary as a DI token: it turns a candidate into a LangChain chat model. Tests and
 * the service use `OpenAiChatModelFactory` against an OpenAI-compatible server.
 */
export abstract class ChatModelFactory {
  abstract isConfigured(): boolean;
  abstract candidates(): ModelCandidate[];
  abstract create(candidate: ModelCandidate, options?: { streaming?: boolean }): BaseChatModel;
}

@Injectable()
export class OpenAiChatModelFactory extends ChatModelFactory {
  private readonly cache = new Map<string, ChatOpenAI>();

  constructor(private readonly config: AppConfigService) {
    super();
  }

  isConfigured(): boolean {
    return Boolean(this.config.all.llm.apiKey);
  }

  candidates(): ModelCandidate[] {
    const llm = this.config.all.llm;
    const fallbacks = llm.fallbackModels.map((model, i) => ({ model, baseUrl: llm.fallbackBaseUrls[i] ?? llm.baseUrl }));
    return [{ model: llm.model, baseUrl: llm.baseUrl }, ...fallbacks];
  }

  create(candidate: ModelCandidate, options: { streaming?: boolean } = {}): ChatOpenAI {
    const key = `${candidate.model}|${candidate.baseUrl ?? ''}|${options.streaming ? 's' : ''}`;
    let model = this.cache.get(key);
    if (!model) {
      const llm = this.config.all.llm;
      model = new ChatOpenAI({
        model: candidate.model,
        apiKey: llm.apiKey,
        temperature: llm.temperature,
        maxTokens: llm.maxTokens,
        timeout: llm.timeoutMs,
        // LangChain would retry 6 times by default, hidden from us; retries are counted and
        // reported by the task runner and the fallback loop instead.
        maxRetries: llm.maxRetries,
        streaming: options.streaming ?? false,
        streamUsage: true,
        configuration: { fetch: llmFetch, ...(candidate.baseUrl ? { baseURL: candidate.baseUrl } : {}) },
      });
      this.cache.set(key, model);
    }
    return model;
  }
}
