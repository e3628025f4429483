/**
 * A local server speaking the OpenAI-compatible chat-completions protocol the OpenRouter provider
 * uses: `POST {baseURL}/chat/completions`, non-streaming JSON with `choices[0].message.content`
 * and `usage` (OpenRouter adds `usage.cost`). Each request takes the next scripted reply; a `hang`
 * reply answers only when the test calls `releaseAll()`. Binds 127.0.0.1 on a free port.
 */

export type Reply =
  | { readonly kind: 'content'; readonly content: string; readonly usage?: Record<string, number> }
  | { readonly kind: 'status'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

export interface ChatCompletionsServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  reply(next: Reply): void;
  releaseAll(): void;
  stop(): Promise<void>;
}

const DEFAULT_USAGE = { prompt_tokens: 812, completion_tokens: 64, total_tokens: 876 };

export function startChatCompletionsServer(): ChatCompletionsServer {
  const queue: Reply[] = [];
  const requests: RecordedRequest[] = [];
  const waiting: Array<() => void> = [];

  const completion = (model: unknown, content: string, usage: Record<string, number>) =>
    Response.json({
      id: `gen-${requests.length}`,
      object: 'chat.completion',
      created: 1_764_000_000,
      model,
      provider: 'local-test',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage,
    });

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => {
        headers[key] = value;
      });
      requests.push({ method: request.method, path: url.pathname, headers, body });
      if (request.method !== 'POST' || url.pathname !== '/api/v1/chat/completions') {
        return Response.json({ error: { message: `no route ${request.method} ${url.pathname}`, code: 404 } }, { status: 404 });
      }
      const next = queue.shift();
      if (next === undefined) return Response.json({ error: { message: 'no scripted reply', code: 500 } }, { status: 500 });
      switch (next.kind) {
        case 'content':
          return completion(body['model'], next.content, next.usage ?? DEFAULT_USAGE);
        case 'status':
          return Response.json(next.body, { status: next.status });
        case 'hang':
          return new Promise<Response>((resolve) => waiting.push(() => resolve(completion(body['model'], '{}', DEFAULT_USAGE))));
      }
    },
  });

  return {
    baseUrl: `http://127.0.0.1:${server.port}/api/v1`,
    requests,
    reply: (next) => void queue.push(next),
    releaseAll: () => {
      for (const release of waiting.splice(0)) release();
    },
    stop: async () => {
      for (const release of waiting.splice(0)) release();
      await server.stop(true);
    },
  };
}
