import { Injectable, Optional } from '@nestjs/common';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { AIMessage, AIMessageChunk } from '@langchain/core/messages';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../errors';
import { MetricsService } from '../metrics/metrics.service';
import { ChatModelFactory, ModelCandidate } from './chat-model.factory';
import { EgressContext } from './egress-context';
import { guardMessages } from './egress-guard';
import { libraryRefusal, toLlmError } from './llm-errors';
import { StructuredMethodMemo, invokeStructured } from './structured-output';
import { LlmUsage, UsageRecorder } from './usage.recorder';

export type { LlmUsage };

export interface OpenAiTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export interface LlmCallOptions {
  signal?: AbortSignal;
  tools?: OpenAiTool[];
  /** For per-user token accounting. */
  userId?: string;
  /**
   * The request's egress context (placeholders issued so far, what may be re-identified). Without
   * one the call still passes the guard, with a context of its own that nobody can re-identify from.
   */
  egress?: EgressContext;
}

/**
 * Every LLM call goes through here: the "not configured" 503, fallback to the next model on a
 * transient failure, error classification, metrics and per-user token usage.
 */
@Injectable()
export class LlmService {
  private readonly structuredMethods = new StructuredMethodMemo();

  constructor(
    private readonly factory: ChatModelFactory,
    private readonly metrics: MetricsService,
    @Optional() private readonly usage?: UsageRecorder,
  ) {}

  isConfigured(): boolean {
    return this.factory.isConfigured();
  }

  assertConfigured(): void {
    if (!this.factory.isConfigured()) {
      throw new AppError(
        ErrorCode.LlmNotConfigured,
        'No LLM is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for an OpenAI-compatible server other than OpenAI)',
      );
    }
  }

  primaryModel(): string {
    return this.factory.candidates()[0].model;
  }

  async invoke(messages: BaseMessage[], options: LlmCallOptions = {}): Promise<AIMessage> {
    this.assertConfigured();
    const outbound = egress(messages, options);
    return this.withFallbacks(options, async (candidate) => {
      const base = this.factory.create(candidate);
      const model = options.tools?.length && base.bindTools ? bindTools(base, options.tools, candidate.model) : base;
      return (await model.invoke(outbound, { signal: options.signal })) as AIMessage;
    });
  }

  /**
   * Structured output validated against a zod schema, asked for in the best way the model accepts
   * (structured-output.ts): json_schema, else a forced tool call, else JSON mode.
   */
  async structured<T extends Record<string, unknown>>(
    schema: z.ZodType<T>,
    name: string,
    messages: BaseMessage[],
    options: LlmCallOptions = {},
  ): Promise<T> {
    this.assertConfigured();
    const outbound = egress(messages, options);
    return this.withFallbacks(
      options,
      (candidate) =>
        invokeStructured(this.factory.create(candidate), this.structuredMethods, {
          schema,
          name,
          messages: outbound,
          model: candidate.model,
          endpoint: `${candidate.model}|${candidate.baseUrl ?? ''}`,
          signal: options.signal,
          onAnswer: (raw) => this.account(candidate.model, raw, options.userId),
        }),
      false,
    );
  }

  /** Streams text tokens; the last yielded value carries the usage. */
  async *stream(messages: BaseMessage[], options: LlmCallOptions = {}): AsyncGenerator<{ token: string } | { usage: LlmUsage; model: string }> {
    this.assertConfigured();
    const candidate = this.factory.candidates()[0];
    const model = this.factory.create(candidate, { streaming: true });
    const outbound = egress(messages, options);
    const started = process.hrtime.bigint();
    let usage: LlmUsage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };
    try {
      const stream = await model.stream(outbound, { signal: options.signal });
      for await (const chunk of stream as AsyncIterable<AIMessageChunk>) {
        if (chunk.usage_metadata) usage = chunk.usage_metadata as LlmUsage;
        const token = typeof chunk.content === 'string' ? chunk.content : '';
        if (token) yield { token };
      }
    } catch (error) {
      this.metrics.llmCalls.inc({ model: candidate.model, outcome: 'error' });
      throw toLlmError(error, candidate.model, options.signal);
    }
    this.observe(candidate.model, started, usage, options.userId);
    yield { usage, model: candidate.model };
  }

  private async withFallbacks<T>(
    options: LlmCallOptions,
    call: (candidate: ModelCandidate) => Promise<T>,
    accountResult = true,
  ): Promise<T> {
    this.assertConfigured();
    const candidates = this.factory.candidates();
    let lastError: AppError | undefined;
    for (const candidate of candidates) {
      const started = process.hrtime.bigint();
      try {
        const result = await call(candidate);
        if (accountResult) this.observe(candidate.model, started, (result as AIMessage).usage_metadata as LlmUsage | undefined, options.userId);
        else this.metrics.llmLatency.observe({ model: candidate.model }, elapsed(started));
        return result;
      } catch (error) {
        lastError = toLlmError(error, candidate.model, options.signal);
        this.metrics.llmCalls.inc({ model: candidate.model, outcome: 'error' });
        if (!lastError.transient || options.signal?.aborted) throw lastError;
      }
    }
    throw lastError as AppError;
  }

  private account(model: string, raw: AIMessage | undefined, userId?: string): void {
    const usage = raw?.usage_metadata as LlmUsage | undefined;
    this.metrics.llmCalls.inc({ model, outcome: 'ok' });
    if (usage) this.tokens(model, usage, userId);
  }

  private observe(model: string, started: bigint, usage: LlmUsage | undefined, userId?: string): void {
    this.metrics.llmLatency.observe({ model }, elapsed(started));
    this.metrics.llmCalls.inc({ model, outcome: 'ok' });
    if (usage) this.tokens(model, usage, userId);
  }

  private tokens(model: string, usage: LlmUsage, userId?: string): void {
    this.metrics.llmTokens.inc({ model, kind: 'input' }, usage.input_tokens ?? 0);
    this.metrics.llmTokens.inc({ model, kind: 'output' }, usage.output_tokens ?? 0);
    if (userId && this.usage) this.usage.record(userId, model, usage);
  }
}

function bindTools(model: BaseChatModel, tools: OpenAiTool[], name: string): ReturnType<NonNullable<BaseChatModel['bindTools']>> {
  try {
    return model.bindTools!(tools);
  } catch (error) {
    throw libraryRefusal(error, name, 'tool calling');
  }
}

/** Every message through the egress guard, once per call (not once per fallback model). */
function egress(messages: BaseMessage[], options: LlmCallOptions): BaseMessage[] {
  return guardMessages(messages, options.egress ?? new EgressContext());
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
