import { errorMessage } from '../api.js';
import { navigate } from '../nav.js';
import { stateLabel } from '../format.js';
import { namespace as listsNamespace } from '../i18n.js';
import listsCatalogue from '../locales/lists.js';

const tl = listsNamespace('lists', listsCatalogue);

/** An in-console link: a real href (open in a new tab works), navigation without reload on click. */
export function Link({ href, children, class: cls, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} class={cls} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/** A failure, as the server's `detail` says it. */
export function ErrorBox({ error, testid = 'error' }) {
  if (!error) return null;
  const problems = error.problems ?? [];
  return (
    <div class="alert error" role="alert" data-testid={testid}>
      <span>{errorMessage(error)}</span>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              {p.path ? <code>{p.path}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ children, testid = 'notice' }) {
  if (!children) return null;
  return (
    <div class="alert success" role="status" data-testid={testid}>
      {children}
    </div>
  );
}

export function Loading({ label = tl('loading') }) {
  return (
    <p class="muted loading" role="status" data-testid="loading">
      {label}
    </p>
  );
}

/** A review state or app status as a coloured label. */
export function StateBadge({ state, live }) {
  return (
    <span class={`badge state-${state}`} data-testid="state" data-state={state}>
      {stateLabel(state)}
      {live ? ' · live' : ''}
    </span>
  );
}

export function StatusBadge({ status }) {
  return (
    <span class={`badge status-${status}`} data-testid="app-status" data-status={status}>
      {status}
    </span>
  );
}

/** A page's heading row, with optional actions on the right. */
export function PageHeader({ title, subtitle, children }) {
  return (
    <header class="page-header">
      <div>
        <h1 data-testid="page-title">{title}</h1>
        {subtitle && <p class="muted">{subtitle}</p>}
      </div>
      {children && <div class="page-actions">{children}</div>}
    </header>
  );
}
