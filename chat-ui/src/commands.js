// Slash commands in the composer: recognising a command, what the caret is completing (a
// command name or an `@member` inside its arguments), matching and applying completions.
// Pure functions over strings and plain data, so they run under `node --test`.

/** A command name as the manifest schema allows it: `^[a-z][a-z0-9_-]{0,31}$`. */
const NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const COMMAND = /^\/([A-Za-z][A-Za-z0-9_-]{0,63})(?=\s|$)/u;

/**
 * The command a text starts with: `{name, args}` for `/pay @dana 12.50`, or null when the
 * text is a plain message (no leading slash, `/ hi`, a path such as `/usr/bin`, or `//escape`).
 */
export function parseCommand(text) {
  const s = String(text ?? '').trim();
  const m = s.match(COMMAND);
  if (!m) return null;
  return { name: m[1].toLowerCase(), args: s.slice(m[0].length).trim() };
}

/** `//text` sends the text `/text` as a message: the way to start a message with a slash. */
export function unescapeSlash(text) {
  const s = String(text ?? '');
  return s.startsWith('//') ? s.slice(1) : s;
}

/** Every command of the installed apps: `{name, description, args, app}`, by name, then app. */
export function availableCommands(installed) {
  const out = [];
  for (const entry of installed ?? []) {
    const app = entry && entry.app;
    if (!app) continue;
    for (const c of entry.commands ?? []) {
      if (!c || typeof c.name !== 'string' || !NAME.test(c.name)) continue;
      out.push({
        name: c.name,
        description: typeof c.description === 'string' ? c.description : '',
        args: Array.isArray(c.args) ? c.args.filter((a) => a && typeof a.name === 'string') : [],
        app: { id: app.id, name: app.name, iconUrl: app.iconUrl ?? null },
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.app.name.localeCompare(b.app.name));
}

/** `<to> <amount> [note]`: required arguments in angle brackets, optional ones in square. */
export function argHint(command) {
  return (command.args ?? [])
    .map((a) => {
      const label = (a.hint && String(a.hint).trim()) || a.name;
      return a.required === false ? `[${label}]` : `<${label}>`;
    })
    .join(' ');
}

/**
 * What the caret is completing in the composer, or null:
 * - `{kind: "command", query, start, end}` while the caret is in the first word of a text
 *   that starts with `/` (`query` is what follows the slash, up to the caret);
 * - `{kind: "member", query, start, end, command}` while it is in an `@word` among the
 *   arguments of a command.
 * `start`/`end` delimit the word to replace.
 */
export function completionContext(text, caret = String(text ?? '').length) {
  const s = String(text ?? '');
  if (!s.startsWith('/') || s.startsWith('//')) return null;
  const firstEnd = s.search(/\s/u);
  const nameEnd = firstEnd < 0 ? s.length : firstEnd;
  if (caret <= nameEnd) {
    const query = s.slice(1, caret);
    if (!/^[A-Za-z0-9_-]*$/u.test(query)) return null;
    return { kind: 'command', query: query.toLowerCase(), start: 0, end: nameEnd };
  }
  const command = s.slice(1, nameEnd).toLowerCase();
  // The word around the caret.
  let start = caret;
  while (start > nameEnd && !/\s/u.test(s[start - 1])) start -= 1;
  let end = caret;
  while (end < s.length && !/\s/u.test(s[end])) end += 1;
  const word = s.slice(start, caret);
  if (!word.startsWith('@')) return null;
  const query = word.slice(1);
  if (!/^[A-Za-z0-9_.]*$/u.test(query)) return null;
  return { kind: 'member', query: query.toLowerCase(), start, end, command };
}

/** Commands matching a query: names that start with it first, then names or descriptions containing it. */
export function matchCommands(commands, query, limit = 20) {
  const q = String(query ?? '').toLowerCase();
  if (!q) return commands.slice(0, limit);
  const starts = [];
  const contains = [];
  for (const c of commands) {
    if (c.name.startsWith(q)) starts.push(c);
    else if (c.name.includes(q) || c.app.name.toLowerCase().includes(q) || c.description.toLowerCase().includes(q)) {
      contains.push(c);
    }
  }
  return [...starts, ...contains].slice(0, limit);
}

/** Members matching a query by username or any word of the display name; never me. */
export function matchMembers(members, query, meId, limit = 8) {
  const q = String(query ?? '').toLowerCase();
  const out = [];
  for (const m of members ?? []) {
    if (!m || m.id === meId || !m.username) continue;
    const words = String(m.displayName ?? '')
      .toLowerCase()
      .split(/\s+/u);
    if (!q || m.username.toLowerCase().startsWith(q) || words.some((w) => w.startsWith(q))) out.push(m);
  }
  return out
    .sort(
      (a, b) =>
        Number(!a.username.startsWith(q)) - Number(!b.username.startsWith(q)) || a.username.localeCompare(b.username),
    )
    .slice(0, limit);
}

/** Puts a completion in place of the context's word: `{text, caret}` with one space after it. */
export function applyCompletion(text, ctx, value) {
  const s = String(text ?? '');
  const insert = ctx.kind === 'command' ? `/${value}` : `@${value}`;
  const rest = s.slice(ctx.end);
  const spaced = rest.startsWith(' ') ? rest : ` ${rest}`;
  const next = s.slice(0, ctx.start) + insert + spaced;
  return { text: next, caret: ctx.start + insert.length + 1 };
}

/** The next index in a list of `n` suggestions moving by `delta`, wrapping around. */
export function moveSelection(index, delta, n) {
  if (n <= 0) return -1;
  return (((index + delta) % n) + n) % n;
}
