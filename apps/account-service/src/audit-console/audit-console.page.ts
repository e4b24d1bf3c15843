/**
 * The audit console: one page over the audit API, for an auditor with a browser. The
 * auditor pastes a bearer token; it stays in this tab's session storage and goes only to
 * this service. Everything from the API is put into the page as text, never as HTML.
 */
export const AUDIT_CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer account audit console</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; max-width: 70rem; }
  fieldset { border: 1px solid #ccc; margin-bottom: 1rem; }
  label { display: inline-block; margin: 0 1rem 0.5rem 0; }
  input { font: inherit; padding: 0.2rem; }
  input[name=customerId], input[name=token] { width: 22rem; }
  button { font: inherit; padding: 0.2rem 0.8rem; }
  #error { color: #a4262c; white-space: pre-wrap; }
  ol#timeline { list-style: none; padding: 0; }
  ol#timeline > li { border-left: 4px solid #0078d4; margin: 0 0 0.8rem; padding: 0.3rem 0.8rem; background: #f6f8fa; }
  ol#timeline > li.rejected { border-color: #a4262c; }
  #integrity.broken { color: #a4262c; font-weight: bold; }
  .meta { color: #555; font-size: 12px; }
  table { border-collapse: collapse; margin-top: 0.3rem; }
  td, th { border: 1px solid #ddd; padding: 0.1rem 0.5rem; text-align: left; }
  pre { background: #f6f8fa; padding: 0.8rem; overflow: auto; }
</style>
</head>
<body>
<h1>Customer account audit console</h1>
<form id="lookup">
  <fieldset>
    <legend>Acting as (a bearer token with the Auditor or GlobalAdmin role)</legend>
    <label>Token <input name="token" type="password" autocomplete="off" required></label>
  </fieldset>
  <label>Customer id <input name="customerId" required placeholder="GUID"></label>
  <button type="submit">Show history</button>
</form>
<p id="error" role="alert"></p>
<section id="history" hidden>
  <p id="integrity" role="status"></p>
  <h2>Timeline of changes</h2>
  <ol id="timeline"></ol>
  <h2>State at a moment</h2>
  <form id="moment">
    <label>At (UTC, ISO-8601) <input name="at" placeholder="2026-11-24T10:00:00Z"></label>
    <button type="submit">Show state</button>
  </form>
  <p class="meta" id="as-of"></p>
  <pre id="state"></pre>
</section>
<script src="/audit/console/app.js"></script>
</body>
</html>
`;

export const AUDIT_CONSOLE_SCRIPT = `'use strict';
(() => {
  const lookup = document.getElementById('lookup');
  const moment = document.getElementById('moment');
  const error = document.getElementById('error');
  lookup.elements.token.value = sessionStorage.getItem('audit-console-token') || '';

  function identity() {
    const token = lookup.elements.token.value.trim();
    sessionStorage.setItem('audit-console-token', token);
    return { Authorization: 'Bearer ' + token };
  }

  async function api(path) {
    const response = await fetch(path, { headers: identity() });
    const body = await response.json();
    if (!response.ok) throw new Error(body.title + ' (' + body.status + '): ' + body.detail);
    return body;
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function customerPath() {
    return '/audit/customers/' + encodeURIComponent(lookup.elements.customerId.value.trim());
  }

  function renderEntry(entry) {
    const item = element('li', undefined, entry.outcome);
    item.dataset.version = entry.version ?? '';
    const title = entry.outcome === 'accepted' ? 'v' + entry.version + ' ' + entry.type : 'Rejected ' + entry.type;
    item.append(element('strong', title));
    item.append(element('div', entry.occurredAt + ' by ' + entry.actor.userPrincipalName + ' via ' + entry.actor.applicationId + ' (command ' + entry.commandId + ', correlation ' + entry.correlationId + ')', 'meta'));
    if (entry.reason) item.append(element('div', 'Reason given: ' + entry.reason, 'reason'));
    if (entry.rejection) item.append(element('div', 'Reason: ' + entry.rejection.code + ' ' + entry.rejection.detail));
    if (entry.changes.length > 0) {
      const table = element('table');
      const head = element('tr');
      for (const name of ['Field', 'Old value', 'New value']) head.append(element('th', name));
      table.append(head);
      for (const change of entry.changes) {
        const row = element('tr');
        for (const value of [change.field, change.oldValue ?? '', change.newValue ?? '']) row.append(element('td', value));
        table.append(row);
      }
      item.append(table);
    }
    if (entry.version) {
      const button = element('button', 'State after this change');
      button.type = 'button';
      button.addEventListener('click', guarded(() => showState('version=' + entry.version)));
      item.append(button);
    }
    return item;
  }

  // A stream that fails its checks is shown, marked as not to be relied on, never as sound.
  function showIntegrity(integrity) {
    const line = document.getElementById('integrity');
    line.className = integrity.status;
    if (integrity.status === 'broken') line.textContent = 'Integrity: BROKEN. ' + integrity.break.detail + '. These records are not what was written.';
    else line.textContent = 'Integrity: intact, signed through version ' + integrity.signedThroughVersion + (integrity.unsignedEvents ? ', ' + integrity.unsignedEvents + ' newer event(s) not signed yet' : '') + (integrity.warning ? '. ' + integrity.warning : '');
  }

  async function showHistory() {
    const timeline = document.getElementById('timeline');
    const entries = [];
    let token;
    do {
      const page = await api(customerPath() + '/history?limit=1000' + (token ? '&pageToken=' + encodeURIComponent(token) : ''));
      entries.push(...page.entries);
      showIntegrity(page.integrity);
      token = page.nextPageToken;
    } while (token);
    timeline.replaceChildren(...entries.map(renderEntry));
    document.getElementById('history').hidden = false;
  }

  async function showState(query) {
    const state = await api(customerPath() + '/state?' + query);
    document.getElementById('as-of').textContent = 'As of version ' + state.asOf.version + ', ' + state.asOf.occurredAt;
    showIntegrity(state.integrity);
    document.getElementById('state').textContent = JSON.stringify(state.account, null, 2);
  }

  function guarded(work) {
    return async (event) => {
      event?.preventDefault();
      error.textContent = '';
      try {
        await work();
      } catch (failure) {
        error.textContent = failure.message;
      }
    };
  }

  lookup.addEventListener('submit', guarded(showHistory));
  moment.addEventListener('submit', guarded(() => showState('at=' + encodeURIComponent(moment.elements.at.value.trim()))));
})();
`;
