/** Deterministic id counters for one server: `resp_1`, `rs_1`, `msg_1`, `fc_1`, `call_1`, … */
export class IdSource {
  readonly #counters = new Map<string, number>();

  /** The next id with this prefix (`next('resp')` → `resp_1`). */
  next(prefix: 'resp' | 'rs' | 'msg' | 'fc' | 'call'): string {
    const n = (this.#counters.get(prefix) ?? 0) + 1;
    this.#counters.set(prefix, n);
    return `${prefix}_${n}`;
  }
}
