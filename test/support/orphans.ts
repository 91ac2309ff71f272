// Servers a test run started, noted on disk with the process that owns them, so that a run killed
// outright (SIGKILL, a closed terminal: no exit hook runs) does not leave them running for good: the
// next run that starts a server stops every noted one whose owner is gone.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REGISTRY = path.join(tmpdir(), 'vestibule-test-servers');

interface Note {
  /** The test process that started the server. */
  owner: number;
  /** Kill the server's whole process group (it was spawned detached), or the process alone. */
  group: boolean;
  /** Text that the server's command line contains, so a reused pid is never killed by mistake. */
  marker: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Notes a server this process (or `owner`) started; forget it with `release` once it is stopped. */
export function adopt(pid: number, note: Omit<Note, 'owner'>, owner = process.pid): void {
  mkdirSync(REGISTRY, { recursive: true });
  writeFileSync(path.join(REGISTRY, String(pid)), JSON.stringify({ owner, ...note }));
}

export function release(pid: number): void {
  rmSync(path.join(REGISTRY, String(pid)), { force: true });
}

/** Stops every noted server whose owner has died; returns how many it stopped. */
export function reapOrphans(): number {
  let entries: string[];
  try {
    entries = readdirSync(REGISTRY);
  } catch {
    return 0;
  }
  let reaped = 0;
  for (const name of entries) {
    const pid = Number(name);
    let note: Note;
    try {
      note = JSON.parse(readFileSync(path.join(REGISTRY, name), 'utf8')) as Note;
    } catch {
      continue; // being written, or not ours
    }
    if (!Number.isInteger(pid) || alive(note.owner)) continue;
    if (alive(pid) && commandLine(pid).includes(note.marker)) {
      try {
        process.kill(note.group ? -pid : pid, 'SIGKILL');
        reaped++;
      } catch {
        // gone meanwhile
      }
    }
    release(pid);
  }
  return reaped;
}
