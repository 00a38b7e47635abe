import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** Fields of a {@link ModelCapabilityError}. */
export interface ModelCapabilityErrorFields {
  /** The model the request names. */
  model: string;
  /** What it cannot do, e.g. `image input` or `reasoning.effort 'none'`. */
  feature: string;
  /** Where the request asks for it, e.g. `input[0].content[1]`. */
  path: string;
}

/**
 * The request asks a known model for something its model-table entry says it cannot do (image or
 * audio input, a reasoning effort, `json_schema`, too many output tokens). Nothing was sent.
 */
export class ModelCapabilityError extends MimoError {
  /** The model the request names. */
  readonly model: string;
  /** What it cannot do. */
  readonly feature: string;
  /** Where the request asks for it. */
  readonly path: string;

  constructor(fields: ModelCapabilityErrorFields, options: MimoErrorOptions = {}) {
    super(
      'model_capability',
      `Model ${fields.model} does not support ${fields.feature} (${fields.path}). Fix: use a model whose table entry allows it, or, if the model does support it, say so with createClient({ models: { '${fields.model}': { … } } }).`,
      options,
    );
    this.model = fields.model;
    this.feature = fields.feature;
    this.path = fields.path;
  }
}
