import { describe, expect, test } from 'bun:test';
import { clientIp, normaliseIp } from './client-ip.ts';

const req = (...forwarded: string[]) => {
  const headers = new Headers();
  for (const value of forwarded) headers.append('X-Forwarded-For', value);
  return new Request('http://api.test/', { headers });
};
const behind = (hops: number) => ({ trustProxy: true, trustProxyHops: hops });
const direct = { trustProxy: false, trustProxyHops: 1 };

describe('clientIp', () => {
  test('without TRUST_PROXY the socket address is used and X-Forwarded-For is ignored', () => {
    expect(clientIp(req('203.0.113.9'), '198.51.100.1', direct)).toBe('198.51.100.1');
    expect(clientIp(req('203.0.113.9'), undefined, direct)).toBeNull();
  });

  test('behind one proxy, the rightmost entry (the one our proxy appended) is the client, never the leftmost', () => {
    expect(clientIp(req('1.1.1.1, 2.2.2.2, 203.0.113.9'), '10.0.0.1', behind(1))).toBe('203.0.113.9');
    expect(clientIp(req('203.0.113.9'), '10.0.0.1', behind(1))).toBe('203.0.113.9');
  });

  test('several X-Forwarded-For headers are read as one list, in order', () => {
    expect(clientIp(req('6.6.6.6', '7.7.7.7, 203.0.113.9'), '10.0.0.1', behind(1))).toBe('203.0.113.9');
    expect(clientIp(req('6.6.6.6', '203.0.113.9', '10.1.1.1'), '10.0.0.1', behind(2))).toBe('203.0.113.9');
  });

  test('with TRUST_PROXY_HOPS = 2 the entry two from the right is the client', () => {
    expect(clientIp(req('6.6.6.6, 203.0.113.9, 10.1.1.1'), '10.0.0.1', behind(2))).toBe('203.0.113.9');
  });

  test('a list shorter than the hops gives its leftmost entry (written by one of our proxies)', () => {
    expect(clientIp(req('203.0.113.9'), '10.0.0.1', behind(3))).toBe('203.0.113.9');
  });

  test('no header, an empty header or a chosen entry that is not an IP falls back to the socket', () => {
    expect(clientIp(req(), '10.0.0.1', behind(1))).toBe('10.0.0.1');
    expect(clientIp(req(' , '), '10.0.0.1', behind(1))).toBe('10.0.0.1');
    expect(clientIp(req('203.0.113.9, unknown'), '10.0.0.1', behind(1))).toBe('10.0.0.1');
    expect(clientIp(req('203.0.113.9, <script>'), undefined, behind(1))).toBeNull();
  });

  test('ports, brackets, case and IPv4-mapped IPv6 are normalised so one client has one address', () => {
    expect(normaliseIp('203.0.113.9:51234')).toBe('203.0.113.9');
    expect(normaliseIp('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normaliseIp('::FFFF:203.0.113.9')).toBe('203.0.113.9');
    expect(normaliseIp('2001:db8::1')).toBe('2001:db8::1');
    expect(normaliseIp('999.1.1.1')).toBeNull();
    expect(clientIp(req('1.1.1.1, [2001:db8::7]:80'), '10.0.0.1', behind(1))).toBe('2001:db8::7');
  });
});
