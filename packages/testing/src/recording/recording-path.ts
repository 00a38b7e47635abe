import { fileURLToPath } from 'node:url';

/** Names of the recordings shipped in the package's `recordings/` folder. */
export const recordingNames = ['text', 'reasoning-tool-calls', 'parallel-calls', 'incomplete'] as const;

/** A shipped recording's name. */
export type RecordingName = (typeof recordingNames)[number];

/**
 * The absolute path of a shipped JSONL recording.
 * @example readRecording(recordingPath('reasoning-tool-calls'))
 */
export function recordingPath(name: RecordingName | (string & {})): string {
  // src/recording/ and dist/recording/ both sit two levels below the package root.
  return fileURLToPath(new URL(`../../recordings/${name}.jsonl`, import.meta.url));
}
