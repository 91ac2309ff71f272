// Temporary folders for tests that run the server or its commands against a data folder of their own.
// Each goes when its test file has finished (test/support/after-each-file.ts; a run of the suite had
// left thousands in /tmp).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** Removes every folder tempDir() made so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A new empty folder under the system's temporary folder, named `prefix` and a random tail. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
