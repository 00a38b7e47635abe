import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ApprovalDecision } from '@mimo-agents/runner';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { layout } from '../render/html.js';
import { renderRunBodySafely, renderRunPage } from '../render/run-page.js';
import { renderRunRows, renderRunsPage } from '../render/runs-page.js';
import { renderStoreErrorBanner, type StoreError, storeErrorOf } from '../render/store-error-banner.js';
import { loadRunTree } from '../source/load-run-tree.js';
import { parentIdOf } from '../source/run-index.js';
import { checkInspectorOptions, type InspectorOptions } from './inspector-options.js';
import { LIVE_SCRIPT } from './live-script.js';

/** A running inspector. */
export interface Inspector {
  /** The page's address, e.g. `http://127.0.0.1:4173/` (with `?token=` when a token is set). */
  readonly url: string;
  /** Re-reads the store now and pushes changes to open pages; resolves with the changed run ids. */
  refresh(): Promise<string[]>;
  /** Stops polling, ends live connections, closes the server and the source. */
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'mimo_inspector_token';

/**
 * Starts the inspector's web server: reads the source once, then polls it every `pollIntervalMs` and
 * pushes changed run ids to open pages over server-sent events.
 * @example
 * const inspector = await startInspector({ source: createFileRunSource({ directory: './checkpoints' }) });
 * console.log(inspector.url);
 */
export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  checkInspectorOptions(options);
  const { source } = options;
  const host = options.host ?? '127.0.0.1';
  const pageSize = options.pageSize ?? 50;
  const maxClients = options.maxLiveClients ?? 32;
  const view = {
    source: source.label,
    showContent: options.showContent ?? true,
    secrets: options.secrets ?? [],
    canSubmit: options.approvals !== undefined,
  };
  const listeners = new Set<(runIds: string[]) => void>();

  let refreshing: Promise<string[]> | undefined;
  // Set while the store cannot be read (e.g. Redis down): the list shows it as a banner.
  let storeError: StoreError | undefined;
  const refresh = (): Promise<string[]> => {
    refreshing ??= source
      .refresh()
      .then((changed) => {
        const recovered = storeError !== undefined;
        storeError = undefined;
        if (changed.length > 0 || recovered) for (const listener of listeners) listener(changed);
        return changed;
      })
      .catch((error: unknown) => {
        const first = storeError === undefined;
        storeError = storeErrorOf(error, source.label);
        if (first) for (const listener of listeners) listener([]);
        return [] as string[];
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };
  await refresh();
  const timer = setInterval(() => void refresh(), options.pollIntervalMs ?? 1000);
  timer.unref();

  const app = new Hono();
  // Set once the server listens (port 0 picks one): the Host values a loopback page can send.
  let loopbackHosts = new Set<string>();
  if (options.token === undefined) {
    // DNS rebinding: a foreign site whose name resolves to 127.0.0.1 sends its own name as Host.
    app.use('*', async (c, next) => {
      const given = (c.req.header('host') ?? '').toLowerCase();
      if (!loopbackHosts.has(given))
        return c.text(
          'Forbidden: this inspector answers only to a loopback Host (127.0.0.1, localhost or [::1] with its port). Open the URL it printed.',
          403,
        );
      return next();
    });
  } else {
    const token = options.token;
    app.use('*', async (c, next) => {
      const given =
        c.req.query('token') ??
        getCookie(c, TOKEN_COOKIE) ??
        c.req.header('authorization')?.replace(/^Bearer\s+/i, '');
      if (given === undefined || !sameSecret(given, token))
        return c.text('Forbidden: give the inspector token (?token=…).', 403);
      setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      return next();
    });
  }
  app.get('/static/live.js', (c) =>
    c.body(LIVE_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/', (c) => listPage(c));
  app.get('/runs/:id', async (c) => {
    const runId = c.req.param('id');
    let tree: Awaited<ReturnType<typeof loadRunTree>>;
    try {
      const detail = await source.detail(runId);
      if (detail === undefined) return c.html('<p>No such run.</p>', 404);
      tree = await loadRunTree(source, detail);
    } catch (error) {
      const banner = renderStoreErrorBanner(storeErrorOf(error, source.label));
      return c.html(layout(`${runId} · mimo-agents inspector`, source.label, banner), 503);
    }
    const parent = parentIdOf(runId);
    const runView =
      parent !== undefined && source.summary(parent) !== undefined
        ? { ...view, parentRunId: parent, topRunId: topRunOf(runId) }
        : view;
    if (c.req.query('fragment') === 'body') return c.html(renderRunBodySafely(tree, runView));
    const notice = c.req.query('notice');
    return c.html(renderRunPage(tree, notice === undefined ? runView : { ...runView, notice }));
  });
  app.post('/runs/:id/approvals', async (c) => {
    // A form posted from another site is refused (the page's own forms send this origin).
    const origin = c.req.header('origin');
    if (origin !== undefined && URL.parse(origin)?.host !== c.req.header('host'))
      return c.text('Cross-origin post refused.', 403);
    // A sub-run is resumed only through its parent: decisions always go to the top run of the tree.
    const runId = topRunOf(c.req.param('id'));
    const form = await c.req.parseBody();
    const from = String(form.back ?? '');
    const page = from === runId || from.startsWith(`${runId}/`) ? from : runId;
    const back = (notice: string) =>
      c.redirect(`/runs/${encodeURIComponent(page)}?${new URLSearchParams({ notice })}`, 303);
    if (options.approvals === undefined)
      return c.text('No queue configured: start with --redis and --queue.', 409);
    // Only an explicit Approve approves; anything else is refused rather than read as a reject.
    if (form.action !== 'approve' && form.action !== 'reject')
      return c.text('The form field "action" must be "approve" or "reject".', 400);
    const approvalId = String(form.approvalId ?? '');
    const reason = String(form.reason ?? '').trim();
    const decision: ApprovalDecision =
      form.action === 'approve'
        ? { approvalId, approve: true, ...(reason === '' ? {} : { reason }) }
        : { approvalId, approve: false, reason: reason === '' ? 'Rejected from the inspector.' : reason };
    try {
      const jobId = await options.approvals.submit(runId, [decision]);
      void refresh();
      const via = page === runId ? '' : ` (sent to the top run ${runId}, which resumes this sub-run)`;
      return back(`${decision.approve ? 'Approved' : 'Rejected'}; continuation job ${jobId} queued${via}.`);
    } catch (error) {
      return back(`Not submitted: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  app.get('/events', (c) => {
    if (listeners.size >= maxClients) return c.text(`Too many live connections (max ${maxClients}).`, 503);
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      const queued: string[][] = [];
      const listener = (runIds: string[]) => {
        // Bounded: a slow page gets the newest change lists only.
        if (queued.length >= 16) queued.shift();
        queued.push(runIds);
        wake?.();
      };
      listeners.add(listener);
      stream.onAbort(() => {
        listeners.delete(listener);
        wake?.();
      });
      await stream.writeSSE({ event: 'hello', data: '{}' });
      while (!stream.aborted && !stream.closed) {
        const next = queued.shift();
        if (next !== undefined) {
          await stream.writeSSE({ event: 'change', data: JSON.stringify({ runIds: next.slice(0, 1000) }) });
          continue;
        }
        let keepAlive: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          keepAlive = setTimeout(resolve, 15_000);
          keepAlive.unref();
        });
        // Woken early by a change: its keep-alive timer goes too (one pending timer per client at most).
        clearTimeout(keepAlive);
        wake = undefined;
        if (queued.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
      }
      listeners.delete(listener);
    });
  });

  /** The top run of `runId`'s tree: its parents (`<parent>/<callId>`) climbed while they are in the store. */
  function topRunOf(runId: string): string {
    let top = runId;
    for (let parent = parentIdOf(top); parent !== undefined && source.summary(parent) !== undefined; )
      [top, parent] = [parent, parentIdOf(parent)];
    return top;
  }

  function listPage(c: Context) {
    const status = c.req.query('status') ?? '';
    const agent = c.req.query('agent') ?? '';
    const page = Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1);
    const withSubRuns = c.req.query('sub') === '1';
    const all = withSubRuns ? source.summaries() : source.topLevel();
    const matching =
      status === '' && agent === ''
        ? all
        : all.filter((r) => (status === '' || r.status === status) && (agent === '' || r.agent === agent));
    const rows = matching.slice((page - 1) * pageSize, page * pageSize);
    const marks = {
      subRunCount: (runId: string) => source.children(runId).length,
      isSubRun: (runId: string) => {
        const parent = parentIdOf(runId);
        return parent !== undefined && source.summary(parent) !== undefined;
      },
    };
    if (c.req.query('fragment') === 'rows') return c.html(renderRunRows(rows, marks));
    if (c.req.query('fragment') === 'store') return c.html(renderStoreErrorBanner(storeError));
    const statuses = [...new Set(all.map((r) => r.status))].sort();
    const agents = [...new Set(all.map((r) => r.agent))].sort();
    return c.html(
      renderRunsPage({
        rows,
        total: matching.length,
        page,
        pageSize,
        status,
        agent,
        statuses,
        agents,
        source: source.label,
        storeError,
        withSubRuns,
        ...marks,
      }),
    );
  }

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 4173, hostname: host }, () => resolve(s));
    s.once('error', reject);
  }).catch((error: unknown) => {
    // Not started (e.g. EADDRINUSE): nothing of ours may keep polling. The caller gets no handle, so
    // it still owns `source` and `approvals` and closes them.
    clearInterval(timer);
    listeners.clear();
    throw error;
  });
  const address = server.address() as AddressInfo;
  loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${address.port}`));
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/${options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`}`;
  return {
    url,
    refresh,
    async close() {
      clearInterval(timer);
      for (const listener of [...listeners]) listeners.delete(listener);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await source.close();
      await options.approvals?.close();
    },
  };
}

/** Compares two secrets in constant time (hashed first, so unequal lengths are safe too). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
