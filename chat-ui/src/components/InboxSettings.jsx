import { useEffect, useState } from 'preact/hooks';
import { formatWeekly, parseWeekly } from '../care.js';
import { formatNumber } from '../i18n.js';
import { namespace } from '../i18n.js';
import catalogue from '../locales/care.js';

const t = namespace('care', catalogue);

const SECTIONS = ['agents', 'teams', 'canned', 'sla', 'reports'];

/** Owners' and supervisors' care settings: agents, teams with hours, canned replies, SLA policies, reports. */
export function InboxSettings({ care, businessId, agents = [], teams = [] }) {
  const [section, setSection] = useState('agents');
  return (
    <section class="care-settings" data-testid="inbox-settings">
      <div class="care-tabs" role="tablist" aria-label={t('settings')}>
        {SECTIONS.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={section === s ? 'true' : 'false'}
            class={`care-tab${section === s ? ' selected' : ''}`}
            data-testid={`settings-${s}`}
            onClick={() => setSection(s)}
          >
            {t(`sections.${s}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" class="care-settings-body">
        {section === 'agents' && <Agents care={care} businessId={businessId} />}
        {section === 'teams' && <Teams care={care} businessId={businessId} />}
        {section === 'canned' && <Canned care={care} businessId={businessId} />}
        {section === 'sla' && <Sla care={care} businessId={businessId} />}
        {section === 'reports' && <Reports care={care} businessId={businessId} agents={agents} teams={teams} />}
      </div>
    </section>
  );
}

function itemsOf(l) {
  return Array.isArray(l) ? l : (l?.items ?? []);
}

/** Loads a collection of the business and reloads it after each change. */
function useCollection(care, businessId, what) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const load = () =>
    care
      .list(businessId, what)
      .then(itemsOf)
      .then(setItems)
      .catch((e) => (setItems([]), setError(e.userMessage ?? String(e))));
  useEffect(() => {
    load();
  }, [businessId, what]);
  const run = async (fn) => {
    setError(null);
    try {
      await fn();
      await load();
      return true;
    } catch (e) {
      setError(e.userMessage ?? String(e));
      return false;
    }
  };
  return { items, error, run };
}

function ErrorLine({ error }) {
  return error ? (
    <p class="care-error" role="alert" data-testid="settings-error">
      {error}
    </p>
  ) : null;
}

function Agents({ care, businessId }) {
  const { items, error, run } = useCollection(care, businessId, 'agents');
  const [form, setForm] = useState({ username: '', role: 'agent', maxOpen: 5 });
  return (
    <div>
      <h2>{t('sections.agents')}</h2>
      <ErrorLine error={error} />
      <ul class="care-rows" data-testid="agents-list">
        {(items ?? []).map((a) => (
          <li key={a.id} data-testid="agent-item">
            <strong>{a.displayName ?? a.username}</strong> <span class="muted">@{a.username}</span>{' '}
            <span>{t(`role.${a.role}`)}</span> <span>{t('cap', { n: a.maxOpen ?? 5 })}</span>
            <button
              type="button"
              class="button small subtle"
              onClick={() => run(() => care.remove(businessId, 'agents', a.id))}
            >
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="care-form"
        onSubmit={(e) => {
          e.preventDefault();
          run(() => care.create(businessId, 'agents', { ...form, maxOpen: Number(form.maxOpen) })).then(
            (ok) => ok && setForm({ username: '', role: 'agent', maxOpen: 5 }),
          );
        }}
      >
        <label>
          {t('username')}
          <input
            required
            maxLength={40}
            value={form.username}
            data-testid="agent-username"
            onInput={(e) => setForm({ ...form, username: e.currentTarget.value.trim() })}
          />
        </label>
        <label>
          {t('roleLabel')}
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value })}>
            <option value="agent">{t('role.agent')}</option>
            <option value="supervisor">{t('role.supervisor')}</option>
          </select>
        </label>
        <label>
          {t('maxOpen')}
          <input
            type="number"
            min={1}
            max={100}
            value={form.maxOpen}
            onInput={(e) => setForm({ ...form, maxOpen: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="button primary small" data-testid="agent-add">
          {t('addAgent')}
        </button>
      </form>
    </div>
  );
}

function Teams({ care, businessId }) {
  const { items, error, run } = useCollection(care, businessId, 'teams');
  const sla = useCollection(care, businessId, 'sla-policies');
  const blank = {
    name: '',
    timezone: 'Europe/Berlin',
    weekly: 'mon 09:00-17:00; tue 09:00-17:00; wed 09:00-17:00; thu 09:00-17:00; fri 09:00-17:00',
    outOfHoursMessage: '',
    assignment: 'round_robin',
    slaPolicyId: '',
  };
  const [form, setForm] = useState(blank);
  const [editing, setEditing] = useState(null);
  const body = () => ({
    name: form.name,
    hours: { timezone: form.timezone, weekly: parseWeekly(form.weekly) },
    outOfHoursMessage: form.outOfHoursMessage || undefined,
    assignment: form.assignment,
    slaPolicyId: form.slaPolicyId || null,
  });
  return (
    <div>
      <h2>{t('sections.teams')}</h2>
      <ErrorLine error={error} />
      <ul class="care-rows" data-testid="teams-list">
        {(items ?? []).map((tm) => (
          <li key={tm.id} data-testid="team-item">
            <strong>{tm.name}</strong> <span>{t(`assignment.${tm.assignment ?? 'manual'}`)}</span>{' '}
            <span class="muted small">
              {tm.hours?.timezone} {formatWeekly(tm.hours?.weekly)}
            </span>
            <button
              type="button"
              class="button small subtle"
              onClick={() => {
                setEditing(tm.id);
                setForm({
                  name: tm.name,
                  timezone: tm.hours?.timezone ?? 'UTC',
                  weekly: formatWeekly(tm.hours?.weekly),
                  outOfHoursMessage: tm.outOfHoursMessage ?? '',
                  assignment: tm.assignment ?? 'manual',
                  slaPolicyId: tm.slaPolicyId ?? '',
                });
              }}
            >
              {t('edit')}
            </button>
            <button
              type="button"
              class="button small subtle"
              onClick={() => run(() => care.remove(businessId, 'teams', tm.id))}
            >
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="care-form"
        onSubmit={(e) => {
          e.preventDefault();
          run(() =>
            editing ? care.update(businessId, 'teams', editing, body()) : care.create(businessId, 'teams', body()),
          ).then((ok) => ok && (setForm(blank), setEditing(null)));
        }}
      >
        <label>
          {t('name')}
          <input
            required
            maxLength={80}
            value={form.name}
            data-testid="team-name"
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('timezone')}
          <input
            required
            maxLength={60}
            value={form.timezone}
            data-testid="team-timezone"
            onInput={(e) => setForm({ ...form, timezone: e.currentTarget.value.trim() })}
          />
        </label>
        <label class="wide">
          {t('hours')}
          <input
            value={form.weekly}
            maxLength={400}
            data-testid="team-hours"
            onInput={(e) => setForm({ ...form, weekly: e.currentTarget.value })}
          />
          <span class="muted small">{t('hoursHelp')}</span>
        </label>
        <label class="wide">
          {t('outOfHours')}
          <input
            maxLength={500}
            value={form.outOfHoursMessage}
            onInput={(e) => setForm({ ...form, outOfHoursMessage: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('assignmentLabel')}
          <select
            value={form.assignment}
            data-testid="team-assignment"
            onChange={(e) => setForm({ ...form, assignment: e.currentTarget.value })}
          >
            {['manual', 'round_robin', 'load_balanced'].map((a) => (
              <option key={a} value={a}>
                {t(`assignment.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('slaPolicy')}
          <select value={form.slaPolicyId} onChange={(e) => setForm({ ...form, slaPolicyId: e.currentTarget.value })}>
            <option value="">{t('none')}</option>
            {(sla.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button primary small" data-testid="team-save">
          {editing ? t('save') : t('addTeam')}
        </button>
      </form>
    </div>
  );
}

function Canned({ care, businessId }) {
  const { items, error, run } = useCollection(care, businessId, 'canned-replies');
  const [form, setForm] = useState({ shortcut: '', text: '' });
  return (
    <div>
      <h2>{t('sections.canned')}</h2>
      <p class="muted small">
        {t('variablesHelp')} <code>{'{{customer.name}}'}</code> <code>{'{{agent.name}}'}</code>{' '}
        <code>{'{{business.name}}'}</code>
      </p>
      <ErrorLine error={error} />
      <ul class="care-rows" data-testid="canned-settings-list">
        {(items ?? []).map((r) => (
          <li key={r.id}>
            <strong>/{r.shortcut}</strong> <span>{r.text}</span>
            <button
              type="button"
              class="button small subtle"
              onClick={() => run(() => care.remove(businessId, 'canned-replies', r.id))}
            >
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
      <form
        class="care-form"
        onSubmit={(e) => {
          e.preventDefault();
          run(() => care.create(businessId, 'canned-replies', form)).then(
            (ok) => ok && setForm({ shortcut: '', text: '' }),
          );
        }}
      >
        <label>
          {t('shortcut')}
          <input
            required
            maxLength={40}
            pattern="[A-Za-z0-9_\-]+"
            value={form.shortcut}
            data-testid="canned-shortcut"
            onInput={(e) => setForm({ ...form, shortcut: e.currentTarget.value.trim() })}
          />
        </label>
        <label class="wide">
          {t('text')}
          <textarea
            required
            maxLength={4000}
            rows={2}
            value={form.text}
            data-testid="canned-text"
            onInput={(e) => setForm({ ...form, text: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="button primary small" data-testid="canned-add">
          {t('addCanned')}
        </button>
      </form>
    </div>
  );
}

function Sla({ care, businessId }) {
  const { items, error, run } = useCollection(care, businessId, 'sla-policies');
  const blank = { name: '', firstResponseMinutes: 60, nextResponseMinutes: 240, resolutionMinutes: 1440 };
  const [form, setForm] = useState(blank);
  const num = (k) => (e) => setForm({ ...form, [k]: Number(e.currentTarget.value) });
  return (
    <div>
      <h2>{t('sections.sla')}</h2>
      <p class="muted small">{t('slaHelp')}</p>
      <ErrorLine error={error} />
      <ul class="care-rows" data-testid="sla-list">
        {(items ?? []).map((p) => (
          <li key={p.id}>
            <strong>{p.name}</strong>{' '}
            <span>
              {t('slaSummary', {
                first: p.firstResponseMinutes,
                next: p.nextResponseMinutes,
                resolution: p.resolutionMinutes,
              })}
            </span>
          </li>
        ))}
      </ul>
      <form
        class="care-form"
        onSubmit={(e) => {
          e.preventDefault();
          run(() => care.create(businessId, 'sla-policies', form)).then((ok) => ok && setForm(blank));
        }}
      >
        <label>
          {t('name')}
          <input
            required
            maxLength={80}
            value={form.name}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('sla.firstResponse')}
          <input type="number" min={1} value={form.firstResponseMinutes} onInput={num('firstResponseMinutes')} />
        </label>
        <label>
          {t('sla.nextResponse')}
          <input type="number" min={1} value={form.nextResponseMinutes} onInput={num('nextResponseMinutes')} />
        </label>
        <label>
          {t('sla.resolution')}
          <input type="number" min={1} value={form.resolutionMinutes} onInput={num('resolutionMinutes')} />
        </label>
        <button type="submit" class="button primary small">
          {t('addSla')}
        </button>
      </form>
    </div>
  );
}

/** A report row's agent or team by name; a row without one is what nobody held. */
function rowName(r, agents, teams) {
  if (r.name) return r.name;
  if (r.agentId) return agents.find((a) => a.id === r.agentId)?.name ?? r.agentId;
  if (r.teamId) return teams.find((tm) => tm.id === r.teamId)?.name ?? r.teamId;
  return t('nobody');
}

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

function Reports({ care, businessId, agents, teams }) {
  const [from, setFrom] = useState(isoDay(new Date(Date.now() - 7 * 86400000)));
  const [to, setTo] = useState(isoDay(new Date(Date.now() + 86400000)));
  const [groupBy, setGroupBy] = useState('agent');
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    care
      .reports(businessId, { from: `${from}T00:00:00Z`, to: `${to}T00:00:00Z`, groupBy })
      .then((r) => (setReport(r), setError(null)))
      .catch((e) => setError(e.userMessage ?? String(e)));
  }, [businessId, from, to, groupBy]);
  const rows = itemsOf(report?.rows ?? report?.groups ?? report);
  const minutes = (s) =>
    s == null ? '—' : t('minutesShort', { value: formatNumber(s / 60, { maximumFractionDigits: 1 }) });
  return (
    <div>
      <h2>{t('sections.reports')}</h2>
      <div class="care-form">
        <label>
          {t('from')}
          <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t('to')}
          <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          {t('groupBy')}
          <select value={groupBy} onChange={(e) => setGroupBy(e.currentTarget.value)}>
            <option value="agent">{t('agent')}</option>
            <option value="team">{t('team')}</option>
          </select>
        </label>
      </div>
      <ErrorLine error={error} />
      <table class="care-table" data-testid="report-table">
        <thead>
          <tr>
            <th scope="col">{groupBy === 'team' ? t('team') : t('agent')}</th>
            <th scope="col">{t('report.conversations')}</th>
            <th scope="col">{t('report.resolved')}</th>
            <th scope="col">{t('report.firstResponse')}</th>
            <th scope="col">{t('report.breaches')}</th>
            <th scope="col">{t('report.csat')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.id ?? i} data-testid="report-row" data-row-id={r.agentId ?? r.teamId ?? ''}>
              <td>{rowName(r, agents, teams)}</td>
              <td>{r.conversations ?? 0}</td>
              <td>{r.resolved ?? 0}</td>
              <td>
                {minutes(
                  r.medianFirstResponseSeconds ??
                    (r.medianFirstResponseMinutes != null ? r.medianFirstResponseMinutes * 60 : null),
                )}
              </td>
              <td data-testid="report-breaches">{r.slaBreaches ?? r.breaches ?? 0}</td>
              <td>
                {r.csatCount
                  ? t('csatValue', {
                      average: formatNumber(r.csatAverage ?? 0, { maximumFractionDigits: 1 }),
                      n: r.csatCount,
                    })
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
