// The live JavaScript heap of a server process, after a full garbage collection, read through the
// process's inspector (node --inspect on a loopback port of its own). RSS grows in steps and carries
// garbage not yet collected, so a few hundred bytes per participant vanish in it; the live heap shows
// them. Only read between the timed phases: a full collection of a large heap takes a moment.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

/**
 * Node's flags for a process whose heap is read here, with BENCH_SIGNALING_HEAP=1. Off by default: the
 * collection before the visits shrinks the heap, so the RSS column then also counts its regrowth (at
 * 1,000 visits, 7.5 -> 22 KiB per participant) and is no longer comparable with other runs.
 */
export const INSPECT_ARGS = process.env.BENCH_SIGNALING_HEAP === '1' ? ['--inspect=127.0.0.1:0'] : [];

const inspectors = new Map<number, string>();

/** Notes the inspector address the process printed at start-up (into its log file). */
export function noteInspector(pid: number, logFile: string): void {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(readFileSync(logFile, 'utf8'))?.[1];
  if (url) inspectors.set(pid, url);
}

/** Whether a log line is the inspector's own start-up notice, not the server's. */
export const isInspectorNotice = (line: string) => /^(Debugger listening on|For help, see:)/.test(line);

/** Bytes of live heap in the process after a full collection; null if it has no inspector. */
export async function liveHeapBytes(pid: number): Promise<number | null> {
  const url = inspectors.get(pid);
  if (!url) return null;
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const call = (method: string, params: object = {}) =>
    new Promise<{ result?: { result?: { value?: unknown } } }>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`the inspector of ${pid} did not answer ${method} within 30 s`)), 30_000);
      ws.on('message', function answer(data) {
        const msg = JSON.parse(String(data)) as { id?: number; result?: { result?: { value?: unknown } } };
        if (msg.id !== id) return;
        clearTimeout(timer);
        ws.off('message', answer);
        resolve(msg);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call('HeapProfiler.collectGarbage');
    const r = await call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true });
    return Number(r.result?.result?.value);
  } finally {
    ws.close();
  }
}

/** The sum over the processes, or null if any has no inspector. */
export async function liveHeapOf(pids: number[]): Promise<number | null> {
  let sum = 0;
  for (const pid of pids) {
    const bytes = await liveHeapBytes(pid);
    if (bytes === null) return null;
    sum += bytes;
  }
  return sum;
}
