import { expect, test } from 'bun:test';
import { parseSimArgs } from './cli.ts';

test('parses the sim flags and refuses unknown or malformed ones', () => {
  expect(parseSimArgs(['--port', '8081', '--seed', '7', '--replay', '/tmp/books', '--chain-id', '80002', '--rpc', 'http://127.0.0.1:8545'])).toEqual({
    ok: true,
    options: { port: 8081, seed: 7, replayDir: '/tmp/books', chainId: 80002 },
    rpcUrl: 'http://127.0.0.1:8545',
  });
  expect(parseSimArgs(['--port', 'x'])).toEqual({ ok: false, error: '--port needs a non-negative integer' });
  expect(parseSimArgs(['--bogus'])).toEqual({ ok: false, error: 'unknown flag --bogus' });
});
