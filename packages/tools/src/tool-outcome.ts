/** One function call to execute, as the model made it. */
export interface ToolCallRequest {
  /** The model's `call_id`. */
  callId: string;
  /** The tool name the model asked for. */
  name: string;
  /** The raw JSON arguments string. */
  arguments: string;
}

/** Why a tool call produced an error output. */
export type ToolErrorKind =
  | 'unknown_tool'
  | 'invalid_arguments'
  | 'thrown'
  | 'timeout'
  | 'aborted'
  | 'unserializable_output';

/** The result of `executeTool()`; `output` is always the string for `function_call_output.output`. */
export type ToolOutcome =
  | {
      type: 'ok';
      callId: string;
      name: string;
      output: string;
      durationMs: number;
      /** Set when `output` was cut to `maxOutputChars`: the length of the whole output, in characters. */
      originalChars?: number;
    }
  | {
      type: 'error';
      callId: string;
      name: string;
      kind: ToolErrorKind;
      message: string;
      output: string;
      durationMs: number;
      /** Set when `output` was cut to `maxOutputChars`: the length of the whole output, in characters. */
      originalChars?: number;
    };
