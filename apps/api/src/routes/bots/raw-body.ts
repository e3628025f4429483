/**
 * The request body exactly as the client sent it, for the bots service's strict validation.
 * Elysia's schema step normalises bodies (unknown properties are dropped silently); the service
 * must see them to refuse them with their path, so bot writes parse the JSON themselves and keep
 * an untouched copy per request.
 */
import { PolymancerError } from '@polymancer/core';

class MalformedJsonError extends PolymancerError {
  readonly code = 'malformed_json';
  constructor() {
    super('The request body could not be parsed as JSON');
  }
}

const rawBodies = new WeakMap<Request, unknown>();

/** A route's `parse` hook: the JSON body, with an untouched copy kept for `rawBodyOf`. */
export async function parseJsonKeepingRaw({ request }: { request: Request }): Promise<unknown> {
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MalformedJsonError();
  }
  rawBodies.set(request, structuredClone(body));
  return body;
}

export function rawBodyOf(request: Request, fallback: unknown): unknown {
  return rawBodies.has(request) ? rawBodies.get(request) : fallback;
}
