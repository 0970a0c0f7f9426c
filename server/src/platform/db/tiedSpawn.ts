import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * The watchdog in front of an engine, in POSIX sh (no extra binary, no node process per engine).
 * The server holds the write end of the engine's stdin pipe and never writes to it. The shell moves
 * that pipe to a background subshell and then `exec`s the engine in its own place (same pid, so
 * pid files, signals and /proc checks see the engine itself), with stdin from /dev/null. The
 * subshell reads the pipe until end-of-file, which happens when the server process ends for any
 * reason (exit, crash, SIGKILL: the kernel closes its descriptors), then sends the engine the
 * stop signal. Linux's prctl(PR_SET_PDEATHSIG) is not reachable from node; this works on every
 * Unix.
 */
const WATCHDOG = ['sig=$1; shift', 'exec 3<&0', '( while read -r _; do :; done; kill -s "$sig" "$$" 2>/dev/null ) <&3 &', 'exec "$@" </dev/null 3<&-'].join(
  '\n',
);

/** A child process that is stopped with `stopSignal` when this process ends, however it ends. */
export function spawnTied(command: string, args: string[], stopSignal: 'TERM' | 'INT', options: Omit<SpawnOptions, 'stdio'> & { out: number }): ChildProcess {
  const { out, ...rest } = options;
  if (process.platform === 'win32') return spawn(command, args, { ...rest, stdio: ['ignore', out, out] });
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'redress-watchdog', stopSignal, command, ...args], { ...rest, stdio: ['pipe', out, out] });
  // The engine stopped (asked or not): end the watchdog now, so it never signals a reused pid later.
  child.once('exit', () => child.stdin?.destroy());
  child.stdin?.on('error', () => undefined);
  return child;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Pids of running `program` processes (by executable name) whose arguments name `folder` as their
 * data folder: an exact argument, or the value of a `--flag=` argument. Linux (/proc) only; elsewhere
 * none are found and the pid files are the only record.
 */
export function enginesOfFolder(program: string, folder: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv[0]?.split('/').pop() !== program) continue;
    if (argv.slice(1).some((a) => a === folder || a.endsWith(`=${folder}`))) found.push(pid);
  }
  return found;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once every pid is gone. */
export async function endProcesses(pids: number[], graceMs = 10_000): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
}
