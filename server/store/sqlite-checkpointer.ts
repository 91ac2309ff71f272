// In WAL mode SQLite appends commits to a log and now and then copies the log back into the database
// file (a checkpoint, with a sync of the file). By default the commit that takes the log past 1,000
// pages does that copy itself, on the thread that committed: here, the event loop that carries every
// socket. In the paced signaling benchmark 29 of 2,695 join commits took over 2 ms, up to 12 ms, each
// a stall for every participant of the node. A worker thread with its own connection checkpoints
// instead (PASSIVE: it never waits for the writer, nor the writer for it), and the event loop's own
// threshold is raised so that it checkpoints only should the worker fall far behind or fail.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** How often the worker copies the log back: at a clinic's busiest, a few MB of log at most. */
const CHECKPOINT_EVERY_MS = 1000;
/** The event loop checkpoints only past this many pages of log (40 MB): a fallback, not the rule. */
const FALLBACK_PAGES = 10_000;
/** The worker's niceness: a tenth or so of a busy core's time when the event loop wants it all. */
const NICENESS = 10;
/** SQLite's default, restored should the worker stop. */
const DEFAULT_PAGES = 1000;

// A CommonJS script run with `eval`, so it needs no file of its own in either the sources or the
// bundle; better-sqlite3 is loaded from where the service resolved it.
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
// Below the event loop's priority (Linux, where a thread has an id of its own): on a host with one
// core the copy then uses the time the event loop leaves, instead of taking its turn in one burst.
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  require('node:os').setPriority(tid, workerData.niceness);
  parentPort.postMessage({ tid });
} catch { /* not Linux: the worker runs at the service's priority */ }
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy now: the next round catches up */ }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export class SqliteCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  /** The worker's thread id, once it has lowered its priority (Linux). */
  threadId: number | null = null;

  constructor(
    sqlite: BetterSqlite3.Database,
    file: string,
    /** Told when the worker fails: checkpoints are then back on the event loop, and the operator should know. */
    onFailure: (err: Error) => void,
    everyMs = CHECKPOINT_EVERY_MS,
  ) {
    sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SCRIPT, { eval: true, workerData: { driver, file, everyMs, niceness: NICENESS } });
    this.worker.once('message', (m: { tid: number }) => {
      this.threadId = m.tid;
    });
    // It must not keep the process alive, and its end, whatever the cause, hands checkpoints back.
    this.worker.unref();
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
        resolve();
      });
    });
    this.worker.on('error', onFailure);
  }

  /** Checkpoints what is left and stops the worker; call before closing the database. */
  async stop(): Promise<void> {
    // Held until it has gone, or a process with nothing else to do would exit while waiting on it.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
