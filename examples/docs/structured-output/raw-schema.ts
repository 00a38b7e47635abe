// docs/structured-output.md: a raw JSON Schema instead of zod.
// #region docs
import { run } from '@mimo-agents/runner';

interface Invoice {
  total: number;
  currency: string;
}
const invoiceSchema = {
  type: 'object',
  properties: { total: { type: 'number' }, currency: { type: 'string' } },
  required: ['total', 'currency'],
};

// Validated by ajv from the schema; the type comes from the validator.
const extractor = {
  name: 'extract',
  model: 'mimo-v2.6-pro',
  output: {
    jsonSchema: invoiceSchema,
    validate: (value: unknown) =>
      isInvoice(value)
        ? { ok: true as const, value }
        : { ok: false as const, issues: [{ path: '(root)', message: 'not an invoice' }] },
  },
};

const { finalOutput } = await run({ client, agent: extractor, input: text }); // Invoice | undefined

// #endregion docs

import type { MimoClient } from '@mimo-agents/core';

declare const client: MimoClient;
declare const text: string;
declare function isInvoice(value: unknown): value is Invoice;
export const typed: Invoice | undefined = finalOutput;
