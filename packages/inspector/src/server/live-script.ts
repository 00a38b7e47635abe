/**
 * The page's only script: listens to `/events` (server-sent events) and, when a run changes, refetches
 * the list rows or the open run's body and swaps them in. No bundler, no framework.
 */
export const LIVE_SCRIPT = `(() => {
  const live = document.getElementById('live');
  const rows = document.getElementById('rows');
  const run = document.getElementById('run');
  const swap = async (el) => {
    const res = await fetch(el.dataset.refresh, { headers: { accept: 'text/html' } });
    if (res.ok) { el.innerHTML = await res.text(); el.dataset.updated = String(Date.now()); }
  };
  const events = new EventSource('/events');
  events.addEventListener('open', () => live && live.classList.add('on'));
  events.addEventListener('error', () => live && live.classList.remove('on'));
  events.addEventListener('change', (event) => {
    const ids = JSON.parse(event.data).runIds;
    if (rows) swap(rows);
    if (run && ids.includes(run.dataset.run)) swap(run);
  });
})();`;
