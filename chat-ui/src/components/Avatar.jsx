import { hueFor, initials } from '../format.js';
import { GroupIcon } from './Icons.jsx';

/** A round avatar with initials in a colour derived from the id. Decorative. */
export function Avatar({ id, name, group = false, size = 40 }) {
  const hue = hueFor(id ?? name);
  return (
    <span
      class="avatar"
      aria-hidden="true"
      style={{ '--avatar-hue': hue, width: `${size}px`, height: `${size}px`, fontSize: `${Math.round(size * 0.4)}px` }}
    >
      {group && !name ? <GroupIcon size={Math.round(size * 0.5)} /> : initials(name)}
    </span>
  );
}
