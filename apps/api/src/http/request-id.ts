import { newId } from '@polymancer/core';

const acceptable = /^[A-Za-z0-9_.-]{8,64}$/;

/** Honour a caller's X-Request-Id when it is sane (so traces join up), else mint `req_…`. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given !== null && acceptable.test(given) ? given : newId('request');
}
