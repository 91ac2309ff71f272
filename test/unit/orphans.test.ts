// A server whose test process was killed outright is stopped by the next run; one whose test process
// lives, or a process that merely reuses a noted pid, is left alone.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { adopt, reapOrphans, release } from '../support/orphans.js';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) {
    c.kill('SIGKILL');
    if (c.pid) release(c.pid);
  }
});

function sleeper(marker: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' });
  started.push(child);
  return child;
}

const exited = (c: ChildProcess) =>
  new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode ? resolve() : c.once('exit', () => resolve())));

/** The pid of a test process that has already died (as under SIGKILL: it never stopped its servers). */
async function deadOwner(): Promise<number> {
  const owner = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await exited(owner);
  return owner.pid!;
}

describe('orphaned test servers', () => {
  it('stops a server whose owner died, and only that one', async () => {
    const orphan = sleeper('vestibule-orphan-test');
    const kept = sleeper('vestibule-orphan-test');
    adopt(orphan.pid!, { group: false, marker: 'vestibule-orphan-test' }, await deadOwner());
    adopt(kept.pid!, { group: false, marker: 'vestibule-orphan-test' }); // owned by this live process
    expect(reapOrphans()).toBe(1);
    await exited(orphan);
    expect(orphan.signalCode).toBe('SIGKILL');
    expect(kept.exitCode).toBeNull();
    expect(kept.signalCode).toBeNull();
  });

  it('leaves a process alone whose command line is not the noted one (a reused pid)', async () => {
    const other = sleeper('someone-else');
    adopt(other.pid!, { group: false, marker: 'dist/server/main.js' }, await deadOwner());
    expect(reapOrphans()).toBe(0);
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
  });
});
