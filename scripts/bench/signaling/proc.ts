// What the signaling benchmark reads from /proc (Linux only): a process's CPU time and memory, the
// machine's busy time, and the file-descriptor limit. Also pins processes to a core with taskset.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

const CLK_TCK = 100;

/**
 * CPU time of a whole process (every thread), in microseconds. Sums /proc/PID/task/*\/schedstat
 * (nanosecond precision), since utime+stime in /proc/PID/stat count 10 ms ticks and a 100-visit run
 * lasts a few of them; falls back to /proc/PID/stat on kernels without schedstat. (A thread that exits
 * between two readings would drop out of the sum; Node's worker threads live as long as the process.)
 */
export function processCpuMicros(pid: number): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    if (Number.isFinite(ns) && ns > 0) return ns / 1000;
  } catch {
    // no schedstat: use the tick counters below
  }
  return statCpuMicros(pid);
}

/** utime + stime from /proc/PID/stat (all threads, including exited ones), in microseconds. */
export function statCpuMicros(pid: number): number {
  const { user, kernel } = statTimes(pid);
  return user + kernel;
}

/**
 * The kernel's share of a process's CPU time (stime, all threads), in microseconds, in 10 ms ticks: a
 * phase of a few seconds reads to within a few percent. On loopback, a write also runs the receiving
 * side's TCP path and wakes the reader, and that time is the writer's.
 */
export function kernelCpuMicros(pid: number): number {
  return statTimes(pid).kernel;
}

function statTimes(pid: number): { user: number; kernel: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (comm) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: (Number(fields[11]) * 1_000_000) / CLK_TCK, kernel: (Number(fields[12]) * 1_000_000) / CLK_TCK };
}

/** Write system calls a process has made (syscw in /proc/PID/io: write, writev and the like). */
export function writeCalls(pid: number): number {
  const m = /^syscw:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

/** Resident set size of a process, in KiB (VmRSS from /proc/PID/status). */
export function rssKiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return Number(m[1]);
}

/**
 * CPU time the whole machine spent running processes (user, nice, system; all cores), in microseconds.
 * Interrupt and softirq time is left out: loopback networking is mostly softirq, and it is the
 * benchmark's own traffic, not another process's.
 */
export function machineBusyMicros(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [, user, nice, system] = line.trim().split(/\s+/).map(Number);
  return (((user ?? 0) + (nice ?? 0) + (system ?? 0)) * 1_000_000) / CLK_TCK;
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** The soft limit on open files of this process (children inherit it). */
export function openFilesLimit(): number {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !m || m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
}

/** Cores of the machine (not of this process's affinity mask, which pinSelf narrows). */
export function coreCount(): number {
  return cpus().length;
}

let tasksetChecked: boolean | undefined;
/** Whether processes can be pinned: two or more cores and taskset on the PATH. */
export function canPin(): boolean {
  if (tasksetChecked === undefined) {
    try {
      execFileSync('taskset', ['-V'], { stdio: 'ignore' });
      tasksetChecked = coreCount() >= 2;
    } catch {
      tasksetChecked = false;
    }
  }
  return tasksetChecked;
}

/** Pins every thread of this process (and the threads it starts later) to one core. */
export function pinSelf(core: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}
