/** `/ws/market` and `/ws/user`: JSON subscribe messages, text PING → PONG. */
import { Elysia } from 'elysia';
import type { WsHub } from './hub.ts';

function asObject(message: unknown): Record<string, unknown> | undefined {
  if (typeof message === 'object' && message !== null && !Array.isArray(message)) return message as Record<string, unknown>;
  if (typeof message === 'string') {
    try {
      const parsed = JSON.parse(message) as unknown;
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const isPing = (message: unknown) => message === 'PING' || message === 'ping';

export function wsRoutes(hub: WsHub) {
  return new Elysia()
    .ws('/ws/market', {
      message(ws, message) {
        if (isPing(message)) return void ws.send('PONG');
        const body = asObject(message);
        if (!body) return void ws.send('INVALID OPERATION');
        hub.marketMessage({ id: ws.id, send: (text) => ws.raw.send(text), close: (code, reason) => ws.raw.close(code, reason) }, body);
      },
      close(ws) {
        hub.close({ id: ws.id, send: () => undefined });
      },
    })
    .ws('/ws/user', {
      message(ws, message) {
        if (isPing(message)) return void ws.send('PONG');
        const body = asObject(message);
        if (!body) return void ws.send('INVALID OPERATION');
        if (!hub.userMessage({ id: ws.id, send: (text) => ws.raw.send(text), close: (code, reason) => ws.raw.close(code, reason) }, body)) ws.close(1008, 'invalid auth');
      },
      close(ws) {
        hub.close({ id: ws.id, send: () => undefined });
      },
    });
}
