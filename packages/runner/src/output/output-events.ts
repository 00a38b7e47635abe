/** The best partial object of the answer streamed so far; each one extends the previous within a turn attempt. */
export interface OutputDeltaEvent {
  type: 'output.delta';
  turn: number;
  partial: unknown;
}

/** The final answer was validated against `agent.output`: `output` is `result.finalOutput`. */
export interface OutputCompletedEvent {
  type: 'output.completed';
  turn: number;
  output: unknown;
}

/** The answer did not fit `agent.output`: a repair turn follows (`repair` is its number) or, past the limit, the error. */
export interface OutputInvalidEvent {
  type: 'output.invalid';
  turn: number;
  issues: { path: string; message: string }[];
  /** 1 for the first repair turn; `0` when no repair is left and the run fails with `StructuredOutputError`. */
  repair: number;
}
