/** What the server remembers of each tool-call turn it emitted, to enforce reasoning pass-back. */
export class EmittedTurns {
  readonly #reasoningByCallId = new Map<string, string>();

  /** Records a turn's call ids and its reasoning item id (if it had one). */
  record(callIds: readonly string[], reasoningId: string | undefined): void {
    if (reasoningId === undefined) return;
    for (const callId of callIds) this.#reasoningByCallId.set(callId, reasoningId);
  }

  /** The reasoning id emitted with this call's turn, if the server produced one. */
  reasoningFor(callId: string): string | undefined {
    return this.#reasoningByCallId.get(callId);
  }
}
