/**
 * The page's only script: listens to `/events` (server-sent events) and, when a run changes, refetches
 * the list rows or the open run's body and swaps them in. No bundler, no framework.
 */
export const LIVE_SCRIPT = `(() => {
  const live = document.getElementById('live');
  const rows = document.getElementById('rows');
  const run = document.getElementById('run');
  const store = document.getElementById('store');
  // A later refetch wins: an older answer that arrives after a newer one is dropped.
  const swap = async (el) => {
    const seq = (el.swapSeq = (el.swapSeq || 0) + 1);
    const res = await fetch(el.dataset.refresh, { headers: { accept: 'text/html' } });
    if (!res.ok) return;
    const html = await res.text();
    if (seq === el.swapSeq) { el.innerHTML = html; el.dataset.updated = String(Date.now()); }
  };
  const events = new EventSource('/events');
  // On (re)connect, refetch once: a change that landed between rendering and subscribing is not missed.
  events.addEventListener('open', () => {
    if (live) live.classList.add('on');
    if (rows) swap(rows);
    if (run) swap(run);
    if (store) swap(store);
  });
  events.addEventListener('error', () => live && live.classList.remove('on'));
  events.addEventListener('change', (event) => {
    const ids = JSON.parse(event.data).runIds;
    if (rows) swap(rows);
    // An empty change list: the store became unreadable, or readable again (the banner).
    if (store) swap(store);
    // A sub-run's save redraws its parent's page too (it is nested in the timeline).
    if (run && ids.some((id) => id === run.dataset.run || id.startsWith(run.dataset.run + '/'))) swap(run);
  });
})();`;
