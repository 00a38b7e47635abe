import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '@mimo-agents/core';
import type { ApprovalDecision } from './approval-decision.js';
import { canonicalJson } from './arguments-hash.js';
import type { ToolApprovalRequest } from './tool-approval-request.js';

/** A secret for signing decisions: at least 16 bytes. */
export type ApprovalSecret = string | Uint8Array;

/** What a signature covers: the whole binding of the request plus the answer. */
type SignedFields = Pick<
  ToolApprovalRequest,
  'approvalId' | 'runId' | 'callId' | 'toolName' | 'argumentsHash'
> & {
  approve: boolean;
  reason: string | undefined;
};

/** Options of `signApprovalDecision`. */
export interface SignApprovalDecisionOptions {
  /** The interruption being answered (from `result.interruptions` or a `tool.approval_requested` event). */
  request: ToolApprovalRequest;
  approve: boolean;
  /** Required when `approve` is false. */
  reason?: string;
  secret: ApprovalSecret;
}

/**
 * Signs a decision with HMAC-SHA256 over the request's full binding and the answer, so a decision that
 * went through a browser or a queue cannot be forged or moved to another call; `resume()` given the same
 * `approvalSecret` refuses any decision whose signature does not verify.
 * @example
 * const decision = signApprovalDecision({ request: result.interruptions[0], approve: true, secret });
 */
export function signApprovalDecision(options: SignApprovalDecisionOptions): ApprovalDecision {
  const { request, approve, reason } = options;
  if (!approve && (typeof reason !== 'string' || reason === ''))
    throw new ConfigError({
      field: 'reason',
      problem: 'a rejection needs a reason',
      fix: 'pass reason: a short sentence the model will read',
    });
  const binding = {
    approvalId: request.approvalId,
    runId: request.runId,
    callId: request.callId,
    toolName: request.toolName,
    argumentsHash: request.argumentsHash,
  };
  const signature = signatureOf({ ...binding, approve, reason }, options.secret);
  return approve
    ? { ...binding, approve: true, ...(reason === undefined ? {} : { reason }), signature }
    : { ...binding, approve: false, reason: reason as string, signature };
}

/**
 * Whether `signature` is the HMAC of these fields under `secret` (compared in constant time).
 * @example
 * verifyApprovalSignature({ ...request, approve: true, reason: undefined }, decision.signature, secret);
 */
export function verifyApprovalSignature(
  fields: SignedFields,
  signature: string,
  secret: ApprovalSecret,
): boolean {
  const expected = Buffer.from(signatureOf(fields, secret));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function signatureOf(fields: SignedFields, secret: ApprovalSecret): string {
  const key = typeof secret === 'string' ? Buffer.from(secret) : secret;
  if (key.byteLength < 16)
    throw new ConfigError({
      field: 'approvalSecret',
      problem: `${key.byteLength} bytes`,
      fix: 'use a random secret of at least 16 bytes (32 recommended), e.g. crypto.randomBytes(32)',
    });
  const payload = canonicalJson({ v: 1, ...fields, reason: fields.reason ?? null });
  return `hmac-sha256:${createHmac('sha256', key).update(payload).digest('hex')}`;
}
