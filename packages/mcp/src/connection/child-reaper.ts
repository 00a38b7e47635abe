/**
 * Keeps the pids of the stdio MCP servers this process started, and kills them when the process
 * exits, or receives SIGTERM, SIGINT or SIGHUP that nobody else handles (the default would kill
 * it without an 'exit' event), so no server outlives its host. The signal handlers exist only
 * while children do; after killing the children the signal is raised again, so the host still
 * dies the way it would have.
 */
const children = new Set<number>();
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
let installed = false;

/** Tracks a started child process. */
export function trackChild(pid: number): void {
  children.add(pid);
  if (!installed) install();
}

/** Stops tracking a child that was closed or has exited. */
export function untrackChild(pid: number): void {
  children.delete(pid);
  if (children.size === 0 && installed) uninstall();
}

function killAll(): void {
  for (const pid of children) {
    try {
      // The host is going away and cannot wait: SIGKILL is the one signal a server cannot ignore.
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  children.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Another handler owns this signal (e.g. a CLI that cancels a run on Ctrl-C and keeps going):
  // leave the servers alone; if that handler ends the process, the 'exit' handler kills them.
  if (process.listenerCount(signal) > 1) return;
  killAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  installed = true;
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  installed = false;
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
