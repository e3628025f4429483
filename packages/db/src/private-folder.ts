import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database's files are as secret as the other local secrets: folders 0700, files 0600.
 * PGlite (Emscripten's file system) creates its initial cluster 0666 and rewrites some files
 * (`pg_internal.init`) 0644 whatever the process umask, so the tree is tightened after it opens and
 * after it closes. Symbolic links are left alone (their mode means nothing; their targets are not ours).
 */
export function makePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrictTree(dir);
}

export function restrictTree(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) restrictTree(join(path, name));
  } else if ((stat.mode & 0o777) !== 0o600) chmodSync(path, 0o600);
}
