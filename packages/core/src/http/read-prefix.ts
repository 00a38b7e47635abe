/**
 * Read a body until it ends or `maxBytes` have arrived, and decode that prefix as UTF-8 (a character
 * cut at the limit becomes U+FFFD). The caller closes the body.
 */
export async function readPrefix(
  read: () => Promise<Uint8Array | undefined>,
  maxBytes: number,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < maxBytes) {
    const chunk = await read();
    if (chunk === undefined) break;
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  const body = Buffer.concat(chunks);
  return body.subarray(0, Math.min(body.byteLength, maxBytes)).toString('utf8');
}
