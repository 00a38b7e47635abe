import { open } from 'node:fs/promises';

/** Makes a rename, link or unlink in `directory` durable; file systems that cannot fsync a folder are skipped. */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (!isErrno(error, 'EINVAL') && !isErrno(error, 'ENOTSUP') && !isErrno(error, 'EISDIR')) throw error;
  } finally {
    await handle.close();
  }
}

/** Whether `error` is a Node system error with this `code` (`ENOENT`, `EEXIST`, …). */
export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
