/** Response headers as undici gives them. */
export type HeaderBag = Record<string, string | string[] | undefined>;

/** The first value of header `name` (undici gives repeated headers as an array). */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The server's request id: `x-request-id`, else `request-id`. */
export function requestIdOf(headers: HeaderBag): string | undefined {
  return headerValue(headers, 'x-request-id') ?? headerValue(headers, 'request-id');
}
