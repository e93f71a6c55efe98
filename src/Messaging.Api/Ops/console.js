// The operator console: a static page over the API's own endpoints, with no build step. Everything shown comes from
// /api/v1 with the operator's bearer token; message bodies are untrusted, so they are only ever set as text.
'use strict';

const tokenKey = 'ledger-console-token';
const $ = (id) => document.getElementById(id);

/** An element with attributes (on* as listeners) and children (strings become text nodes, never HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function say(text, isError = false) {
  const status = $('status');
  status.textContent = text;
  status.className = isError ? 'error' : '';
}

/** Calls the API; a problem response becomes an Error carrying its detail, which says what to fix. */
async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(tokenKey);
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const detail = json && (json.detail || json.title) ? `${json.title ?? ''}: ${json.detail ?? ''}` : `${response.status} ${response.statusText}`;
    throw new Error(`${method} ${path} failed (${response.status}) ${detail}`);
  }
  return json;
}

/** Runs an action and reports its failure in the status line instead of losing it. */
function guarded(action) {
  return async (event) => {
    if (event) event.preventDefault();
    try {
      await action(event);
    } catch (error) {
      say(error.message, true);
    }
  };
}

const when = (value) => (value ? new Date(value).toLocaleString() : '');
const show = (value) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value ?? '');

/** A table of objects: one column per key of the first row. */
function table(rows, label) {
  if (!rows || rows.length === 0) return el('p', { class: 'empty' }, 'None.');
  const keys = Object.keys(rows[0]);
  return el('table', { 'aria-label': label },
    el('thead', {}, el('tr', {}, keys.map((k) => el('th', {}, k)))),
    el('tbody', {}, rows.map((row) => el('tr', {}, keys.map((k) => el('td', {}, show(row[k])))))));
}

/** An object's scalar fields as a definition list. */
function facts(object) {
  return el('dl', { class: 'facts' }, Object.entries(object).filter(([, v]) => v === null || typeof v !== 'object')
    .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, show(v))]));
}

// Sign-in: the token is kept for this tab only; its subject and role are read from it for display, the API checks it.
function signedInAs() {
  const token = sessionStorage.getItem(tokenKey);
  if (!token) return 'not signed in';
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return `signed in as ${claims.sub} (${claims.role})`;
  } catch {
    return 'token set (unreadable claims)';
  }
}

async function refreshHealth() {
  // With the token, readiness names each check and why; without one it says only Healthy, Degraded or Unhealthy.
  const token = sessionStorage.getItem(tokenKey);
  const response = await fetch('/health/ready', { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const report = await response.json();
  const notes = (report.checks ?? []).filter((c) => c.status !== 'Healthy').map((c) => `${c.name}: ${c.description ?? c.status}`);
  const badge = $('health');
  badge.textContent = `health: ${report.status}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  badge.className = `badge ${report.status.toLowerCase()}`;
}

// Failed messages ---------------------------------------------------------------------------------------------------

let selected = null;

async function loadGroups() {
  const list = await api('GET', '/api/v1/dead-letters');
  const body = $('groups').querySelector('tbody');
  body.replaceChildren();
  let total = 0;
  for (const queue of list.queues) {
    for (const group of queue.groups) {
      total += group.count;
      body.append(el('tr', { 'data-queue': queue.queue },
        el('td', {}, queue.queue), el('td', {}, group.type), el('td', { class: 'reason' }, group.reason), el('td', {}, group.count),
        el('td', {}, when(group.oldest)), el('td', {}, when(group.newest)),
        el('td', {}, el('button', { type: 'button', onclick: guarded(() => openGroup(queue.queue, group)) }, 'Open'))));
    }
  }
  if (total === 0) body.append(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'No failed messages.')));
  say(`${total} failed message(s) in ${list.queues.length} dead-letter queue(s).`);
}

/** Reloads the groups (and the open group's messages) after an action, then says what the action did. */
async function refreshAfter(done, reloadMessages = true) {
  await loadGroups();
  if (reloadMessages) await loadMessages();
  say(done);
}

function criteria() {
  return { queue: selected.queue, type: selected.group.type, group: selected.group.reason, limit: Number($('batch-size').value) || 1 };
}

async function openGroup(queue, group) {
  selected = { queue, group };
  $('group-detail').hidden = false;
  $('group-title').textContent = `${group.type} · ${group.count} in ${queue}`;
  $('action-panel').replaceChildren();
  await loadMessages();
}

// A page at a time (the batch size), however many the group holds: the API reads up to the page asked for and holds only it.
// After an action the same page is read again. Only the newest request's answer is shown: an older one, slower to come back
// (a group opened twice quickly, a page asked for before the last one arrived), would show a page nobody asked for any more.
let messagesAsked = 0;
async function loadMessages(after = selected.after ?? null, page = selected.page ?? 1) {
  const asked = ++messagesAsked;
  const { queue, type, group } = criteria();
  const query = new URLSearchParams({ queue, type, group, limit: String(Math.min(Number($('batch-size').value) || 100, 1000)) });
  if (after) query.set('after', after);
  const shown = await api('GET', `/api/v1/dead-letters/messages?${query}`);
  if (asked !== messagesAsked) return;
  Object.assign(selected, { after, page });
  $('messages').replaceChildren(...shown.messages.map(messageCard));
  if (shown.messages.length === 0) $('messages').append(el('p', { class: 'empty' }, 'No message left in this group.'));
  $('messages').append(el('nav', { class: 'toolbar pager', 'aria-label': 'Pages' },
    el('span', { id: 'page-number' }, `Page ${page}`),
    page > 1 ? el('button', { type: 'button', onclick: guarded(() => loadMessages(null, 1)) }, 'First page') : null,
    shown.next ? el('button', { type: 'button', onclick: guarded(() => loadMessages(shown.next, page + 1)) }, 'Next page') : null));
}

function messageCard(message) {
  const card = el('article', { class: 'message', 'data-message-id': message.messageId ?? '' },
    el('h3', {}, message.messageId ?? '(no message id)'),
    facts({ reason: message.reason, failedAt: when(message.firstFailedAt), sourceQueue: message.sourceQueue, contentType: message.contentType,
      publishedBy: message.publishedBy, publishedTo: message.publishedTo }),
    el('pre', { class: 'body' }, pretty(message.body)));
  const panel = el('div', { class: 'panel' });
  const buttons = el('div', { class: 'toolbar' },
    el('button', { type: 'button', onclick: () => panel.replaceChildren(editForm(message, panel)) }, 'Edit & retry…'),
    el('button', { type: 'button', onclick: guarded(() => previewOne(message, panel, 'replay')) }, 'Replay this…'),
    el('button', { type: 'button', onclick: guarded(() => previewOne(message, panel, 'purge')) }, 'Purge this…'));
  // The ledger's conflict reason (LedgerBatchWriter): the same key already applied with different content.
  if (/already applied with different content|idempotency conflict/i.test(message.reason ?? '')) {
    buttons.append(el('button', { type: 'button', onclick: guarded(() => showConflict(message, panel)) }, 'Resolve conflict…'));
  }
  card.append(buttons, panel);
  return card;
}

// One message, by its id: the same preview and confirmation as a group's, recorded in the operator log the same way.
async function previewOne(message, panel, action) {
  const request = { queue: message.queue, messageId: message.messageId, limit: 1 };
  const preview = await api('POST', `/api/v1/dead-letters/${action}`, { ...request, dryRun: true });
  const verdict = (preview.messages ?? [])[0]?.verdict;
  const confirm = el('button', { type: 'button', class: 'danger', onclick: guarded(async () => {
    const result = await api('POST', `/api/v1/dead-letters/${action}`, { ...request, confirm: true });
    await refreshAfter(action === 'replay'
      ? `Replayed ${result.matched} message (${message.messageId}) to the queue it failed in.`
      : `Purged ${result.removed} message (${message.messageId}); archived in ${result.archive ?? '(nothing to archive)'}.`);
  }) }, `Confirm ${action} of ${message.messageId}`);
  panel.replaceChildren(el('div', { class: 'preview' },
    el('h4', {}, action === 'replay' ? `Replay ${message.messageId}` : `Purge ${message.messageId}: archived, then removed for good`),
    verdict ? el('p', {}, `Verdict: ${verdict}`) : el('p', {}, `${preview.matched} message matched.`),
    preview.matched > 0 ? confirm : el('p', {}, 'It is no longer in the queue.')));
}

function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

async function previewReplay() {
  const request = criteria();
  const preview = await api('POST', '/api/v1/dead-letters/replay', { ...request, dryRun: true });
  const outlook = preview.outlook ?? {};
  const verdicts = (preview.messages ?? []).map((m) => el('li', {}, `${m.messageId}: ${m.verdict}`));
  const confirm = el('button', { type: 'button', class: 'danger', onclick: guarded(() => replay(request, preview.matched)) },
    `Confirm replay of ${preview.matched}`);
  $('action-panel').replaceChildren(el('div', { class: 'preview', id: 'replay-preview' },
    el('h3', {}, `Replay preview: ${preview.matched} message(s) in this batch`),
    facts({ 'would apply': outlook.wouldApply, 'already applied': outlook.alreadyApplied, 'would be refused again': outlook.wouldBeRefusedAgain, unknown: outlook.unknown }),
    el('ul', { class: 'verdicts' }, verdicts),
    preview.matched > 0 ? confirm : el('p', {}, 'Nothing to replay.')));
}

async function replay(request, matched) {
  const result = await api('POST', '/api/v1/dead-letters/replay', { ...request, confirm: true });
  $('action-panel').replaceChildren();
  await refreshAfter(`Replayed ${result.matched} of the ${matched} previewed message(s) to the queue they failed in.`);
}

async function previewPurge() {
  const request = criteria();
  const counted = await api('POST', '/api/v1/dead-letters/purge', { ...request, dryRun: true });
  $('action-panel').replaceChildren(el('div', { class: 'preview' },
    el('h3', {}, `Purge: ${counted.matched} message(s) would be archived, then removed for good`),
    counted.matched > 0
      ? el('button', { type: 'button', class: 'danger', onclick: guarded(() => purge(request)) }, `Confirm purge of ${counted.matched}`)
      : el('p', {}, 'Nothing to purge.')));
}

async function purge(request) {
  const result = await api('POST', '/api/v1/dead-letters/purge', { ...request, confirm: true });
  $('action-panel').replaceChildren();
  await refreshAfter(`Purged ${result.removed} message(s); archived in ${result.archive ?? '(nothing to archive)'}.`);
}

// Purge archives: the way back from a purge made too early, previewed, then confirmed, as every other action.
async function loadArchives() {
  const { archives } = await api('GET', '/api/v1/dead-letters/archives');
  const body = $('archives').querySelector('tbody');
  body.replaceChildren(...archives.map((archive) => {
    const messageId = el('input', { placeholder: 'all its messages', 'aria-label': `Message id in ${archive.name}` });
    return el('tr', { 'data-archive': archive.name },
      el('td', {}, archive.name), el('td', {}, when(archive.writtenAt)), el('td', {}, archive.bytes), el('td', {}, messageId),
      el('td', {}, el('button', { type: 'button', onclick: guarded(() => previewRestore(archive.name, messageId.value.trim())) }, 'Restore…')));
  }));
  if (archives.length === 0) body.append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'No purge archive.')));
  say(`${archives.length} purge archive(s).`);
}

async function previewRestore(name, messageId) {
  const path = `/api/v1/dead-letters/archives/${encodeURIComponent(name)}/restore`;
  const request = messageId ? { messageId } : {};
  const preview = await api('POST', path, { ...request, dryRun: true });
  const confirm = el('button', { type: 'button', class: 'danger', onclick: guarded(async () => {
    const result = await api('POST', path, { ...request, confirm: true });
    $('restore-panel').replaceChildren();
    await loadGroups();
    say(`Restored ${result.restored} message(s) from ${name} to ${result.queues.map((q) => q.queue).join(', ')}.`);
  }) }, `Confirm restore of ${preview.matched}`);
  $('restore-panel').replaceChildren(el('div', { class: 'preview', id: 'restore-preview' },
    el('h3', {}, `Restore from ${name}${messageId ? ` (message ${messageId})` : ''}: ${preview.matched} message(s)`),
    el('ul', {}, preview.queues.map((q) => el('li', {}, `${q.count} to ${q.queue}`))),
    preview.matched > 0 ? confirm : el('p', {}, 'Nothing to restore.')));
}

function editForm(message, panel) {
  const field = el('input', { name: 'field', required: true, placeholder: 'currency (dotted path for nested fields)' });
  const value = el('input', { name: 'value', required: true, placeholder: 'USD' });
  const result = el('div', { class: 'edit-result' });
  const send = async (dryRun) => {
    const edit = await api('POST', `/api/v1/dead-letters/${encodeURIComponent(message.messageId)}/edit`,
      { set: { [field.value]: value.value }, queue: message.queue, dryRun });
    result.replaceChildren(
      el('p', {}, dryRun ? `Preview: ${edit.verdict ?? 'the ledger cannot tell'}` : `Retried as ${edit.retriedAs}; the original left ${edit.queue}.`),
      table(edit.changes, 'Changed fields'),
      dryRun ? el('button', { type: 'button', class: 'danger', onclick: guarded(() => send(false)) }, 'Retry edited copy') : '');
    if (!dryRun) {
      await refreshAfter(`Retried ${edit.originalMessageId} as ${edit.retriedAs}.`, false);
    }
  };
  return el('form', { class: 'edit', onsubmit: guarded(() => send(true)) },
    el('label', {}, 'Field ', field), el('label', {}, 'New value ', value),
    el('button', { type: 'submit' }, 'Preview edit'), result);
}

async function showConflict(message, panel) {
  const conflict = await api('GET', `/api/v1/dead-letters/${encodeURIComponent(message.messageId)}/conflict?queue=${encodeURIComponent(message.queue)}`);
  const reason = el('input', { required: true, placeholder: 'why this copy is the right one' });
  const resolve = (keep) => guarded(async () => {
    const outcome = await api('POST', `/api/v1/dead-letters/${encodeURIComponent(message.messageId)}/conflict`,
      { keep, reason: reason.value, queue: message.queue });
    panel.replaceChildren(el('p', {}, outcome.message));
    await refreshAfter(outcome.message, false);
  });
  panel.replaceChildren(el('div', { class: 'conflict' },
    el('h3', {}, `Idempotency conflict on ${conflict.key}`),
    el('div', { class: 'side-by-side' },
      el('div', {}, el('h4', {}, 'Applied'), conflict.applied ? facts(conflict.applied) : el('p', {}, 'Nothing is applied under this key: replay the message instead.')),
      el('div', {}, el('h4', {}, 'Dead-lettered copy'), facts(conflict.deadLettered))),
    el('label', {}, 'Reason ', reason),
    el('div', { class: 'toolbar' },
      el('button', { type: 'button', onclick: resolve('applied') }, 'Keep the applied entry'),
      el('button', { type: 'button', class: 'danger', onclick: resolve('dead-lettered') }, 'Apply the dead-lettered copy instead'))));
}

// Users, incidents, audit, log ----------------------------------------------------------------------------------------

async function showUser() {
  const user = encodeURIComponent($('user-id').value.trim());
  const figures = await api('GET', `/api/v1/users/${user}`);
  const expiring = await api('GET', `/api/v1/users/${user}/expiring`);
  const explained = await api('GET', `/api/v1/users/${user}/explain`);
  const history = await api('GET', `/api/v1/users/${user}/history?limit=100`);
  $('user-detail').replaceChildren(
    el('h2', {}, 'Balance'), facts(figures),
    el('h2', {}, 'Expiring'), facts({ balance: expiring.balance, neverExpiring: expiring.neverExpiring }),
    table(expiring.lots.map((l) => ({ lot: l.lotKey, type: l.entryType, remaining: l.remaining, of: l.amount, expires: when(l.expiresAt) })),
      'Expiring lots'),
    el('h2', {}, 'Explained by its lots'), lotsTable(explained.lots),
    el('h2', {}, 'History'), table(history, 'History'));
}

/** Each lot of a balance, soonest to expire first, with the entries that drew on it. */
function lotsTable(lots) {
  if (lots.length === 0) return el('p', { class: 'empty' }, 'No lot holds points.');
  return el('table', { 'aria-label': 'Lots' },
    el('thead', {}, el('tr', {}, ['Lot', 'Type', 'Credited', 'Amount', 'Remaining', 'Expires', 'Drawn by'].map((h) => el('th', {}, h)))),
    el('tbody', {}, lots.map((l) => el('tr', {},
      el('td', {}, l.lotKey), el('td', {}, l.entryType), el('td', {}, when(l.creditedAt)), el('td', {}, l.amount), el('td', {}, l.remaining),
      el('td', {}, l.expiresAt ? when(l.expiresAt) : 'never'),
      el('td', {}, l.draws.length === 0 ? '' : el('ul', { class: 'draws' }, l.draws.map((d) => el('li', {}, `${d.entryKey} (${d.entryType}) −${d.points}`))))))));
}

async function adjust() {
  const user = $('user-id').value.trim();
  if (!user) throw new Error('Show a user first: the adjustment is for the user shown above.');
  const points = Number($('adjust-points').value.replace('+', ''));
  const outcome = await api('POST', `/api/v1/users/${encodeURIComponent(user)}/adjustments`, { points, reason: $('adjust-reason').value });
  $('adjust-result').replaceChildren(el('p', {}, outcome.message));
  say(outcome.message);
  await showUser();
}

async function loadAdjustments() {
  const pending = await api('GET', '/api/v1/adjustments?status=pending');
  const body = $('pending-adjustments').querySelector('tbody');
  body.replaceChildren(...pending.map((a) => el('tr', { 'data-adjustment-id': a.id },
    el('td', {}, a.id), el('td', {}, a.userId), el('td', {}, a.points > 0 ? `+${a.points}` : a.points), el('td', {}, a.reason),
    el('td', {}, a.requestedBy), el('td', {}, when(a.requestedAt)),
    el('td', {}, el('button', { type: 'button', onclick: guarded(() => approve(a.id)) }, 'Approve')))));
  if (pending.length === 0) body.append(el('tr', {}, el('td', { colspan: 7, class: 'empty' }, 'Nothing waits for approval.')));
}

async function approve(id) {
  const outcome = await api('POST', `/api/v1/adjustments/${id}/approval`);
  say(outcome.message);
  await loadAdjustments();
}

async function loadPauses() {
  const { paused } = await api('GET', '/api/v1/pauses');
  const body = $('pauses').querySelector('tbody');
  body.replaceChildren(...paused.map((p) => el('tr', {},
    el('td', {}, p.messageType), el('td', {}, p.reason), el('td', {}, p.pausedBy), el('td', {}, when(p.pausedAt)),
    el('td', {}, el('button', { type: 'button', onclick: guarded(() => resume(p.messageType)) }, 'Resume')))));
  if (paused.length === 0) body.append(el('tr', {}, el('td', { colspan: 5, class: 'empty' }, 'Nothing is paused.')));
}

async function pause() {
  const result = await api('POST', '/api/v1/pauses', { messageType: $('pause-type').value.trim(), reason: $('pause-reason').value });
  say(`${result.messageType} paused: its messages wait in ${result.queue}.`);
  await loadPauses();
  await refreshHealth();
}

async function resume(messageType) {
  await api('DELETE', `/api/v1/pauses/${encodeURIComponent(messageType)}`);
  say(`${messageType} resumed.`);
  await loadPauses();
  await refreshHealth();
}

async function reverse() {
  const key = $('reverse-key').value.trim();
  const outcome = await api('POST', `/api/v1/entries/${encodeURIComponent(key)}/reversal`, { reason: $('reverse-reason').value });
  $('reverse-result').replaceChildren(facts(outcome));
  say(outcome.message);
}

async function runAudit() {
  const report = await api('GET', '/api/v1/audit');
  $('audit-result').replaceChildren(facts(report), table(report.findings ?? [], 'Findings'));
  say(`Audit: ${(report.findings ?? []).length} finding(s).`);
}

// The whole chain is recomputed, so it is asked for on its own; a checkpoint kept elsewhere is compared with it.
async function verifyChain() {
  const checkpoint = $('audit-checkpoint').value.trim();
  const report = await api('GET', `/api/v1/audit?chain=true${checkpoint ? `&checkpoint=${encodeURIComponent(checkpoint)}` : ''}`);
  const chain = report.chain;
  const head = chain.head ? `${chain.head.sequence}:${chain.head.hash}` : 'none';
  $('audit-result').replaceChildren(
    facts({ links: chain.links, head, headEntryId: chain.head?.journalEntryId ?? null, intact: chain.intact }),
    table(report.findings ?? [], 'Findings'));
  say(chain.intact ? `Hash chain intact: ${chain.links} link(s), head ${head}.` : `Hash chain: ${chain.findings.length} break(s).`);
}

async function loadLog() {
  const actions = await api('GET', '/api/v1/operator-actions?limit=200');
  $('operator-log').querySelector('tbody').replaceChildren(...actions.map((a) => el('tr', {},
    el('td', {}, when(a.occurredAt)), el('td', {}, a.operator), el('td', {}, a.action), el('td', { class: 'parameters' }, show(a.parameters)),
    el('td', {}, a.outcome))));
}

const loaders = { 'dead-letters': loadGroups, incidents: loadPauses, adjustments: loadAdjustments, log: loadLog };

function openTab(name) {
  for (const tab of document.querySelectorAll('.tab')) tab.hidden = tab.id !== name;
  for (const button of document.querySelectorAll('nav button')) button.classList.toggle('active', button.dataset.tab === name);
  if (sessionStorage.getItem(tokenKey) && loaders[name]) guarded(loaders[name])();
}

document.addEventListener('DOMContentLoaded', () => {
  $('who').textContent = signedInAs();
  $('sign-in').addEventListener('submit', guarded(async () => {
    sessionStorage.setItem(tokenKey, $('token').value.trim());
    $('token').value = '';
    $('who').textContent = signedInAs();
    openTab(document.querySelector('nav button.active').dataset.tab);
  }));
  for (const button of document.querySelectorAll('nav button')) button.addEventListener('click', () => openTab(button.dataset.tab));
  $('refresh-dead-letters').addEventListener('click', guarded(loadGroups));
  $('preview-replay').addEventListener('click', guarded(previewReplay));
  $('preview-purge').addEventListener('click', guarded(previewPurge));
  $('refresh-archives').addEventListener('click', guarded(loadArchives));
  $('batch-size').addEventListener('change', guarded(loadMessages));
  $('user-form').addEventListener('submit', guarded(async () => {
    $('adjust-result').replaceChildren();
    await showUser();
  }));
  $('adjust-form').addEventListener('submit', guarded(adjust));
  $('refresh-adjustments').addEventListener('click', guarded(loadAdjustments));
  $('pause-form').addEventListener('submit', guarded(pause));
  $('reverse-form').addEventListener('submit', guarded(reverse));
  $('run-audit').addEventListener('click', guarded(runAudit));
  $('verify-chain').addEventListener('click', guarded(verifyChain));
  $('refresh-log').addEventListener('click', guarded(loadLog));
  guarded(refreshHealth)();
  setInterval(() => guarded(refreshHealth)(), 15000);
  openTab('dead-letters');
});
