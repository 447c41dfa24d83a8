// poshub web console: plain DOM, no framework, no build step. Every figure comes from the admin API
// with the bearer token the operator typed, kept in sessionStorage (gone when the tab closes).
// Text from the ledger (vendor error messages) is only ever set with textContent, never as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'poshub.token';
  const REFRESH_MS = 5000;
  const RETRY_POLL_MS = 1000;
  const $ = (selector) => document.querySelector(selector);

  let token = sessionStorage.getItem(TOKEN_KEY);
  let timer;
  let lastOverview = '';
  /** Error groups whose deliveries are listed (key → true), kept across refreshes. */
  const expanded = new Set();
  /** Deliveries retried from this page: id → { destination, status, detail }. */
  const retried = new Map();

  class ApiFailure extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, options = {}) {
    const headers = { Authorization: `Bearer ${token}` };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
    const body = await response.json().catch(() => null);
    if (response.status === 401) {
      signOut('That token was refused.');
      throw new ApiFailure(401, 'token refused');
    }
    if (!response.ok) {
      const message =
        response.status === 403
          ? 'Your token may only look, not change anything.'
          : (body && body.error && body.error.message) || `${response.status} ${response.statusText}`;
      throw new ApiFailure(response.status, message);
    }
    return body;
  }

  // ---- small DOM helpers -------------------------------------------------------------------

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const badge = (word) => el('span', { class: `badge ${word}` }, word.replace('_', ' '));

  function ago(iso) {
    if (!iso) return 'never';
    return `${duration((Date.now() - Date.parse(iso)) / 1000)} ago`;
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    if (seconds < 90) return `${Math.round(seconds)} s`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
    if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
    return `${Math.round(seconds / 86400)} d`;
  }

  function notice(text) {
    $('#notice').textContent = text || '';
  }

  // ---- sign in / out -----------------------------------------------------------------------

  function signOut(message) {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    clearTimeout(timer);
    lastOverview = '';
    $('#app').hidden = true;
    $('#logout').hidden = true;
    $('#login').hidden = false;
    $('#login-error').textContent = message || '';
    $('#token').focus();
  }

  async function signIn(candidate) {
    token = candidate;
    try {
      await refresh();
    } catch (error) {
      if (error.status !== 401) {
        $('#login').hidden = false;
        $('#login-error').textContent = error.message;
      }
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#login').hidden = true;
    $('#app').hidden = false;
    $('#logout').hidden = false;
    $('#login-error').textContent = '';
  }

  // ---- overview ----------------------------------------------------------------------------

  async function refresh() {
    clearTimeout(timer);
    const overview = await api('/api/v1/console/overview');
    const text = JSON.stringify(overview.connections);
    // Re-render only on change, so a button the operator is about to click stays where it is.
    if (text !== lastOverview) {
      lastOverview = text;
      renderConnections(overview.connections);
      await renderErrors(overview.connections);
    }
    $('#refreshed').textContent = `updated ${new Date(overview.generatedAt).toLocaleTimeString()}`;
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (document.hidden || !token) return schedule();
      refresh().catch((error) => {
        if (error.status !== 401) notice(`Refresh failed: ${error.message}`);
        if (token) schedule();
      });
    }, REFRESH_MS);
  }

  function renderConnections(connections) {
    const body = $('#connections tbody');
    body.replaceChildren(
      ...connections.map((c) =>
        el(
          'tr',
          { 'data-connection': c.id },
          el(
            'td',
            {},
            el('strong', {}, c.id),
            ' ',
            el('span', { class: 'muted' }, `${c.connector} · ${c.roles.join(' + ') || 'unused'}`),
          ),
          el(
            'td',
            { title: c.healthReason || '' },
            badge(c.health),
            c.healthReason ? ` ${c.healthReason}` : '',
          ),
          el('td', { title: c.lastSuccessfulSync || '' }, ago(c.lastSuccessfulSync)),
          el('td', { class: 'num', 'data-field': 'lag' }, duration(c.lagSeconds)),
          el('td', { class: 'num' }, `${c.throughputPerMinute}/min`),
          el('td', { class: 'num', 'data-field': 'pending' }, c.pending),
          el('td', { class: 'num', 'data-field': 'dead' }, c.dead),
          el('td', { class: 'num' }, c.quarantined),
        ),
      ),
    );
  }

  const groupKey = (destination, group) => `${destination}\u0000${group.errorCode}\u0000${group.lastError}`;

  async function renderErrors(connections) {
    const rows = [];
    for (const c of connections) {
      for (const group of c.errors) {
        const key = groupKey(c.id, group);
        rows.push(
          el(
            'tr',
            { class: 'error-group', 'data-destination': c.id },
            el('td', {}, c.id),
            el('td', {}, group.errorCode ? el('code', {}, group.errorCode) : '', ' ', group.lastError || ''),
            el('td', { class: 'num' }, group.count),
            el(
              'td',
              {},
              el(
                'button',
                { type: 'button', onclick: () => toggle(key) },
                expanded.has(key) ? 'Hide' : 'Show deliveries',
              ),
              ' ',
              el(
                'button',
                { type: 'button', onclick: () => retryGroup(c.id, group) },
                `Retry all ${group.count}`,
              ),
            ),
          ),
        );
        if (expanded.has(key)) rows.push(...(await groupDeliveries(c.id, group)));
      }
    }
    $('#errors tbody').replaceChildren(...rows);
    $('#errors').hidden = rows.length === 0;
    $('#no-errors').hidden = rows.length > 0;
  }

  function toggle(key) {
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    lastOverview = '';
    refresh().catch((error) => notice(error.message));
  }

  /** Dead deliveries of one group: the API filters by substring, the exact match is made here. */
  async function deadOfGroup(destination, group, limit) {
    const query = new URLSearchParams({ status: 'dead', destination, limit: String(limit) });
    if (group.lastError) query.set('error', group.lastError);
    const page = await api(`/api/v1/deliveries?${query}`);
    return page.items.filter((d) => d.errorCode === group.errorCode && d.lastError === group.lastError);
  }

  async function groupDeliveries(destination, group) {
    const items = await deadOfGroup(destination, group, 50);
    return items.map((d) =>
      el(
        'tr',
        { class: 'sub dead-delivery', 'data-delivery': d.id },
        el('td', { class: 'mono' }, d.id),
        el(
          'td',
          {},
          `record ${d.recordId} v${d.recordVersion} · route ${d.routeId} · ${d.attempts} attempts`,
        ),
        el('td', {}, badge(d.status)),
        el('td', {}, el('button', { type: 'button', onclick: () => retryOne(d.id, destination) }, 'Retry')),
      ),
    );
  }

  // ---- retries -----------------------------------------------------------------------------

  async function retryOne(id, destination) {
    try {
      await api(`/api/v1/deliveries/${encodeURIComponent(id)}/retry`, { method: 'POST' });
      retried.set(id, { destination, status: 'pending', detail: '' });
      notice('');
    } catch (error) {
      notice(`Retry of ${id} failed: ${error.message}`);
      return;
    }
    renderRetried();
    watchRetried();
    lastOverview = '';
    await refresh().catch(() => undefined);
  }

  /** One audited request (POST /api/v1/deliveries/retry) for the whole group. */
  async function retryGroup(destination, group) {
    const body = { status: 'dead', destination };
    if (group.errorCode) body.errorCode = group.errorCode;
    if (group.lastError) body.error = group.lastError;
    try {
      const result = await api('/api/v1/deliveries/retry', { method: 'POST', body });
      notice(`${result.count} deliveries sent again${result.more ? '; more match: press again' : ''}.`);
    } catch (error) {
      notice(`Retry failed: ${error.message}`);
    }
    lastOverview = '';
    await refresh().catch(() => undefined);
  }

  function renderRetried() {
    $('#retried-section').hidden = retried.size === 0;
    $('#retried tbody').replaceChildren(
      ...[...retried].map(([id, r]) =>
        el(
          'tr',
          { class: 'retried-delivery', 'data-delivery': id, 'data-status': r.status },
          el('td', { class: 'mono' }, id),
          el('td', {}, r.destination),
          el('td', {}, badge(r.status)),
          el('td', {}, r.detail),
        ),
      ),
    );
  }

  let watching = false;

  /** Follows retried deliveries until each is done, dead or skipped. */
  async function watchRetried() {
    if (watching) return;
    watching = true;
    try {
      while (token && [...retried.values()].some((r) => r.status === 'pending')) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_POLL_MS));
        for (const [id, r] of retried) {
          if (r.status !== 'pending') continue;
          const row = await api(`/api/v1/deliveries/${encodeURIComponent(id)}`);
          r.status = row.status;
          r.detail = row.status === 'done' ? `target ${row.targetId ?? ''}` : row.lastError || '';
        }
        renderRetried();
      }
    } catch (error) {
      notice(`Could not follow retries: ${error.message}`);
    } finally {
      watching = false;
    }
  }

  // ---- reconciliation ----------------------------------------------------------------------

  async function reconcile(date, location) {
    const out = $('#recon-result');
    out.replaceChildren(el('p', { class: 'muted' }, 'Reconciling…'));
    const query = new URLSearchParams({ date });
    if (location) query.set('location', location);
    try {
      const report = await api(`/api/v1/reports/reconciliation?${query}`);
      out.replaceChildren(...renderReport(report));
    } catch (error) {
      out.replaceChildren(el('p', { class: 'error' }, error.message));
    }
  }

  /** Minor units to a display amount, with the currency's own number of decimals. */
  function money(minor, currency) {
    try {
      const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
      return format.format(minor / 10 ** format.resolvedOptions().maximumFractionDigits);
    } catch {
      return `${minor} ${currency} (minor units)`;
    }
  }

  function totalsCells(t) {
    const tenders = Object.entries(t.tenders || {})
      .map(([k, v]) => `${k} ${money(v, t.currency)}`)
      .join(', ');
    return [
      el('td', { class: 'num' }, t.transactions),
      el('td', { class: 'num' }, money(t.sales.amount, t.currency)),
      el('td', { class: 'num' }, money(t.refunds.amount, t.currency)),
      el('td', { class: 'num' }, money(t.net, t.currency)),
      el('td', { class: 'num' }, money(t.tax, t.currency)),
      el('td', {}, tenders),
    ];
  }

  function renderReport(report) {
    const parts = [
      el(
        'p',
        { class: 'recon-summary' },
        badge(report.ok ? 'ok' : 'failing'),
        ` ${report.date}: ${report.missing} missing, ${report.differing} differing`,
      ),
    ];
    if (report.locations.length === 0) parts.push(el('p', { class: 'muted' }, 'No transactions that day.'));
    for (const loc of report.locations) {
      parts.push(
        el('h3', {}, `${loc.source} · ${loc.location} (${loc.timezone}) `, badge(loc.ok ? 'ok' : 'failing')),
      );
      const head = el(
        'tr',
        {},
        ['', 'transactions', 'sales', 'refunds', 'net', 'tax', 'tenders', ''].map((h) => el('th', {}, h)),
      );
      const rows = [el('tr', {}, el('td', {}, 'POS'), ...totalsCells(loc.pos), el('td'))];
      for (const d of loc.destinations) {
        rows.push(
          el(
            'tr',
            { 'data-destination': d.destination },
            el('td', {}, `${d.destination} (${d.posting}): ${d.delivered}/${d.expected} delivered`),
            ...totalsCells(d.deliveredTotals),
            el('td', {}, badge(d.ok ? 'ok' : 'failing')),
          ),
        );
        for (const item of d.items) {
          rows.push(
            el(
              'tr',
              { class: 'sub recon-item', 'data-record': item.recordId },
              el('td', {}, badge(item.problem === 'missing' ? 'dead' : 'pending'), ` ${item.problem}`),
              el(
                'td',
                { colspan: 3 },
                `${item.kind} ${item.receiptNumber || item.externalId} · ${item.occurredAt}`,
              ),
              el('td', { class: 'num' }, money(item.total, item.currency)),
              el('td', { colspan: 2 }, `${item.deliveryStatus}: ${item.reason}`),
              el(
                'td',
                {},
                item.deliveryStatus === 'dead'
                  ? el('button', { type: 'button', onclick: () => retryRecord(item, d.destination) }, 'Retry')
                  : '',
              ),
            ),
          );
        }
      }
      parts.push(el('table', {}, el('thead', {}, head), el('tbody', {}, rows)));
    }
    return parts;
  }

  async function retryRecord(item, destination) {
    const query = new URLSearchParams({ status: 'dead', record: item.recordId, route: item.routeId });
    try {
      const page = await api(`/api/v1/deliveries?${query}`);
      for (const d of page.items) await retryOne(d.id, destination);
    } catch (error) {
      notice(`Retry failed: ${error.message}`);
    }
  }

  // ---- wiring ------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('#login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('#token').value.trim();
      $('#token').value = '';
      if (value) signIn(value);
    });
    $('#logout').addEventListener('click', () => signOut(''));
    $('#recon-form').addEventListener('submit', (event) => {
      event.preventDefault();
      reconcile($('#recon-date').value, $('#recon-location').value.trim());
    });
    $('#recon-date').value = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && token) refresh().catch(() => undefined);
    });
    if (token) signIn(token);
    else signOut('');
  });
})();
