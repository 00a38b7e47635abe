import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type CheckpointEnvelope, decodeCheckpoint, emptyUsage, type RunState } from '@mimo-agents/runner';
import { RunIndex } from './run-index.js';
import { describeError, type RunDetail, type RunSource } from './run-source.js';
import { type RunSummary, summarizeRun } from './run-summary.js';

/** Options of `createFileRunSource`. */
export interface FileRunSourceOptions {
  /** The folder of a `createFileCheckpointStore` (one `<run id>.json` per run). */
  directory: string;
  /** At most this many checkpoint files are indexed (the newest names past it are ignored). Default 100,000. */
  maxRuns?: number;
  /** Files read at once while refreshing. Default 64. */
  concurrency?: number;
  /**
   * Watch the folder (fs.watch) so a refresh re-stats only the files named in change events; a full
   * rescan still runs every `fullScanMs`, and whenever more than `maxPendingNames` names piled up.
   * Default true (falls back to full scans where watching is not supported).
   */
  watch?: boolean;
  /** Milliseconds between full rescans while watching. Default 30,000. */
  fullScanMs?: number;
  /** Most changed file names remembered between refreshes before a full rescan is forced. Default 10,000. */
  maxPendingNames?: number;
}

interface Seen {
  mtimeMs: number;
  size: number;
}

/**
 * Reads the runner's file checkpoint store. A refresh lists the folder, stats every file and decodes
 * only those whose size or modification time changed, so an idle store of 10,000 runs costs one
 * `readdir` and 10,000 `stat` calls per refresh, and the page reads from memory.
 */
export function createFileRunSource(options: FileRunSourceOptions): RunSource {
  const directory = resolve(options.directory);
  const maxRuns = options.maxRuns ?? 100_000;
  const concurrency = options.concurrency ?? 64;
  const index = new RunIndex();
  const seen = new Map<string, Seen>();
  const fullScanMs = options.fullScanMs ?? 30_000;
  const maxPending = options.maxPendingNames ?? 10_000;
  const pending = new Set<string>();
  let needFullScan = true;
  let lastFullScan = 0;
  let watcher: FSWatcher | undefined;
  const startWatching = (): void => {
    if (options.watch === false || watcher !== undefined) return;
    try {
      watcher = watch(directory, { persistent: false }, (_event, name) => {
        if (typeof name !== 'string' || name === '') needFullScan = true;
        else if (name.endsWith('.json')) {
          if (pending.size >= maxPending) needFullScan = true;
          else pending.add(name);
        }
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
        needFullScan = true;
      });
    } catch {
      watcher = undefined;
    }
  };

  /** Stats one file and re-reads it when its size or mtime changed; returns the run id when it did. */
  const check = async (name: string): Promise<string | undefined> => {
    const info = await stat(join(directory, name)).catch(() => undefined);
    if (info === undefined) {
      seen.delete(name);
      return index.delete(name);
    }
    const before = seen.get(name);
    if (before !== undefined && before.mtimeMs === info.mtimeMs && before.size === info.size)
      return undefined;
    if (before === undefined && index.all().length >= maxRuns) return undefined;
    seen.set(name, { mtimeMs: info.mtimeMs, size: info.size });
    const detail = await readOne(name);
    index.set(name, detail.summary);
    return detail.summary.runId;
  };

  const readOne = async (name: string): Promise<RunDetail> => {
    const location = join(directory, name);
    const runIdFromName = runIdOfFileName(name);
    let text = '';
    try {
      text = await readFile(location, 'utf8');
      const runId = runIdFromName ?? envelopeRunId(text) ?? name;
      const envelope: CheckpointEnvelope<RunState> = decodeCheckpoint<RunState>(text, { runId, location });
      return {
        ok: true,
        state: envelope.state,
        summary: summarizeRun(envelope.state, envelope.savedAt, location, runId),
      };
    } catch (error) {
      const described = describeError(error, location);
      const mtime = await stat(location).then(
        (s) => s.mtime,
        () => new Date(),
      );
      return {
        ok: false,
        error: described,
        summary: damagedSummary(runIdFromName ?? name, location, mtime, described),
      };
    }
  };

  return {
    label: `dir ${directory}`,
    async refresh() {
      startWatching();
      const full = watcher === undefined || needFullScan || Date.now() - lastFullScan >= fullScanMs;
      let names: string[];
      const changed: string[] = [];
      if (full) {
        needFullScan = false;
        pending.clear();
        lastFullScan = Date.now();
        try {
          names = (await readdir(directory))
            .filter((n) => n.endsWith('.json'))
            .sort()
            .slice(0, maxRuns);
        } catch {
          names = [];
        }
        const present = new Set(names);
        for (const key of [...index.keys()]) {
          if (present.has(key)) continue;
          const runId = index.delete(key);
          seen.delete(key);
          if (runId !== undefined) changed.push(runId);
        }
      } else {
        names = [...pending];
        pending.clear();
      }
      for (let i = 0; i < names.length; i += concurrency) {
        const ids = await Promise.all(names.slice(i, i + concurrency).map(check));
        for (const id of ids) if (id !== undefined) changed.push(id);
      }
      return changed;
    },
    summaries: () => index.all(),
    summary: (runId) => index.byRunId(runId),
    topLevel: () => index.topLevel(),
    children: (runId) => index.children(runId),
    async detail(runId) {
      const known = index.byRunId(runId);
      if (known === undefined) return undefined;
      const name = known.location.slice(directory.length + 1);
      return readOne(name);
    },
    async close() {
      watcher?.close();
      watcher = undefined;
    },
  };
}

/** The row of a checkpoint that could not be read. */
export function damagedSummary(
  runId: string,
  location: string,
  when: Date,
  error: { code: string; message: string },
): RunSummary {
  const usage = emptyUsage();
  return {
    runId,
    location,
    agent: '?',
    model: '?',
    status: 'damaged',
    turns: 0,
    usage,
    startedAt: when.toISOString(),
    startedEstimated: true,
    savedAt: when.toISOString(),
    savedAtMs: when.getTime(),
    error,
  };
}

/** Reverses `checkpointFileName` (undefined for a shortened, hashed name). */
function runIdOfFileName(name: string): string | undefined {
  const stem = name.slice(0, -'.json'.length);
  if (stem.includes('~')) return undefined;
  try {
    return decodeURIComponent(stem);
  } catch {
    return undefined;
  }
}

/** The run id an envelope claims, read leniently (for hashed file names). */
function envelopeRunId(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { runId?: unknown };
    return typeof parsed.runId === 'string' ? parsed.runId : undefined;
  } catch {
    return undefined;
  }
}
