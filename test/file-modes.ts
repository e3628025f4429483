import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every path under `root` whose mode is not 0700 (folders) or 0600 (files); symbolic links are skipped. */
export function looseModes(root: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const s = lstatSync(p);
    if (s.isSymbolicLink()) return;
    const want = s.isDirectory() ? 0o700 : 0o600;
    if ((s.mode & 0o777) !== want) out.push(`${(s.mode & 0o777).toString(8)} ${p}`);
    if (s.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
  };
  walk(root);
  return out;
}
