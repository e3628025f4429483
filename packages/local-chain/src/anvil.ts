/**
 * Starts a local anvil (the `@foundry-rs/anvil` npm package's platform binary) on a free port. Chain id 137
 * by default: the official Polymarket client signs only for 137 / 80002, and deposit wallets check signatures
 * against `block.chainid`, so the local chain answers as Polygon does.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface AnvilInstance {
  readonly rpcUrl: string;
  readonly chainId: number;
  stop(): void;
}

/** The anvil binary npm installed, or undefined when the platform package is missing. */
export function findAnvilBinary(): string | undefined {
  const dir = new URL('../../../node_modules/@foundry-rs/', import.meta.url).pathname;
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir).find((name) => name.startsWith('anvil-') && existsSync(join(dir, name, 'bin', 'anvil')));
  return found ? join(dir, found, 'bin', 'anvil') : undefined;
}

export async function startAnvil(options: { chainId?: number; binary?: string } = {}): Promise<AnvilInstance> {
  const binary = options.binary ?? findAnvilBinary();
  if (!binary) throw new Error('anvil is not installed (npm installs @foundry-rs/anvil with its platform package)');
  const chainId = options.chainId ?? 137;
  // --port 0: anvil picks a free port and prints it, so no other process can race us for it.
  // A shell holds anvil and kills it when our end of its stdin closes — also when this process dies without
  // cleaning up (SIGKILL), so no anvil outlives its owner.
  const script = '"$0" "$@" & pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid';
  const child = Bun.spawn(['sh', '-c', script, binary, '--port', '0', '--host', '127.0.0.1', '--chain-id', String(chainId)], {
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'ignore',
  });
  const reader = child.stdout.getReader();
  let printed = '';
  let port: string | undefined;
  while (port === undefined) {
    const chunk = await reader.read();
    if (chunk.done) throw new Error(`anvil exited before listening: ${printed.slice(-500)}`);
    printed += new TextDecoder().decode(chunk.value);
    port = /Listening on 127\.0\.0\.1:(\d+)/.exec(printed)?.[1];
  }
  reader.releaseLock();
  void child.stdout.pipeTo(new WritableStream()); // keep draining anvil's log
  return {
    rpcUrl: `http://127.0.0.1:${port}`,
    chainId,
    stop: () => {
      void child.stdin.end();
    },
  };
}
