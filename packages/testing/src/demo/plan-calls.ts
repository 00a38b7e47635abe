import type { ItemSpec } from '../reply/reply-spec.js';
import type { WireRequest, WireTool } from '../wire/request.js';
import { fillSchema } from './fill-schema.js';
import { knownValues } from './known-values.js';
import type { HistoryView } from './read-history.js';
import { identifierWords, normalizeKey, singular } from './tool-words.js';

/** A function call the demo model makes. */
export type PlannedCall = Extract<ItemSpec, { type: 'function_call' }>;

/** Tools named like these end the task: called last, alone. */
const finalWords = new Set(['submit', 'final', 'finish', 'finalize', 'answer', 'respond', 'reply', 'done']);
/** Parameters named like an id hold a value some other tool produces. */
const idName = /(^id$|_id$|[a-z0-9]Id$|_ids$|[a-z0-9]Ids$|^ids$)/;

interface Candidate {
  name: string;
  tool: WireTool;
  /** Where the instructions first name the tool (Infinity when they do not). */
  mentionedAt: number;
  declaredAt: number;
  final: boolean;
}

/**
 * The calls of the demo model's next turn for this user message, one dependency level at a time:
 * tools not called yet, in the order the instructions name them (one per turn while they name
 * them, then all the others that are ready together); a tool whose parameters need what another
 * uncalled tool produces (an id-like parameter, or a description naming that tool) waits for it;
 * a tool named like `submit`/`final`/`answer` goes last, alone. Empty: time to answer.
 */
export function planCalls(request: WireRequest, history: HistoryView): PlannedCall[] {
  const called = new Set(history.calls.map((call) => call.name));
  const known = knownValues(history.calls);
  const summary = history.calls.length === 0 ? undefined : summarize(history.calls);
  const fill = (tool: WireTool): PlannedCall | undefined => {
    const schema = tool.parameters ?? { type: 'object', properties: {} };
    const filled = fillSchema(schema, {
      root: schema,
      userText: history.userText,
      used: new Set(),
      known,
      summary,
    });
    return filled.ok
      ? { type: 'function_call', name: tool.name ?? '', arguments: JSON.stringify(filled.value) }
      : undefined;
  };
  const instructions = instructionsText(request).toLowerCase();
  const pending: Candidate[] = (request.tools ?? [])
    .map((tool, declaredAt) => ({ tool, declaredAt }))
    .filter(({ tool }) => tool.type === 'function' && typeof tool.name === 'string' && !called.has(tool.name))
    .filter(({ tool }) => fill(tool) !== undefined)
    .map(({ tool, declaredAt }) => {
      const name = tool.name as string;
      const at = instructions.search(namePattern(name));
      return {
        name,
        tool,
        declaredAt,
        mentionedAt: at < 0 ? Number.POSITIVE_INFINITY : at,
        final: identifierWords(name).some((word) => finalWords.has(word)),
      };
    })
    .sort((a, b) => a.mentionedAt - b.mentionedAt || a.declaredAt - b.declaredAt);
  const others = pending.filter((candidate) => !candidate.final);
  let chosen: Candidate[];
  if (others.length > 0) {
    // Dependencies are pending tools (not called yet): a tool with any waits for a later turn.
    const ready = others.filter((candidate) => dependencies(candidate, others, known).length === 0);
    // A cycle of dependencies would stall the run: then the first in order goes anyway.
    const level = ready.length > 0 ? ready : others.slice(0, 1);
    const mentioned = level.filter((candidate) => Number.isFinite(candidate.mentionedAt));
    chosen = mentioned.length > 0 ? mentioned.slice(0, 1) : level;
  } else {
    chosen = pending.slice(0, 1);
  }
  return chosen.flatMap((candidate) => fill(candidate.tool) ?? []);
}

/** The other pending tools `candidate` needs output from first. */
function dependencies(
  candidate: Candidate,
  others: readonly Candidate[],
  known: ReadonlyMap<string, unknown>,
): Candidate[] {
  const rest = others.filter((other) => other !== candidate);
  const needs = new Set<Candidate>();
  const properties = candidate.tool.parameters?.properties;
  if (typeof properties !== 'object' || properties === null) return [];
  for (const [param, schema] of Object.entries(properties as Record<string, unknown>)) {
    const description =
      typeof schema === 'object' &&
      schema !== null &&
      typeof (schema as { description?: unknown }).description === 'string'
        ? (schema as { description: string }).description.toLowerCase()
        : '';
    for (const other of rest) if (namePattern(other.name).test(description)) needs.add(other);
    if (!idName.test(param) || known.has(normalizeKey(param))) continue;
    // `flight_id` waits for a tool with `flight` in its name; an id no tool names waits for those before it.
    const stem = identifierWords(param)
      .filter((word) => word !== 'id' && word !== 'ids')
      .map(singular);
    const producers = rest.filter((other) =>
      identifierWords(other.name)
        .map(singular)
        .some((word) => stem.includes(word)),
    );
    const earlier = others.slice(0, others.indexOf(candidate));
    for (const other of producers.length > 0 ? producers : earlier) needs.add(other);
  }
  return [...needs];
}

function namePattern(name: string): RegExp {
  return new RegExp(
    `(^|[^a-z0-9_])${name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9_])`,
  );
}

/** The request's instructions and any system or developer messages. */
function instructionsText(request: WireRequest): string {
  const parts = [request.instructions ?? ''];
  if (Array.isArray(request.input)) {
    for (const item of request.input) {
      if (item.role !== 'system' && item.role !== 'developer') continue;
      parts.push(
        typeof item.content === 'string'
          ? item.content
          : Array.isArray(item.content)
            ? item.content
                .map((part: unknown) =>
                  typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '',
                )
                .join(' ')
            : '',
      );
    }
  }
  return parts.join('\n');
}

function summarize(calls: HistoryView['calls']): string {
  return calls
    .map((call) => `${call.name}: ${call.output ?? '(no output)'}`)
    .join('; ')
    .slice(0, 4_000);
}
