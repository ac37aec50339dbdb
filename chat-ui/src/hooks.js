import { useEffect, useRef, useState } from 'preact/hooks';

/** Subscribes a component to the chat controller's snapshots. */
export function useChat(chat) {
  const [snapshot, setSnapshot] = useState(() => chat.getSnapshot());
  useEffect(() => {
    const update = () => setSnapshot(chat.getSnapshot());
    const unsubscribe = chat.subscribe(update);
    update();
    return unsubscribe;
  }, [chat]);
  return snapshot;
}

export function useMediaQuery(query) {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const onChange = () => setMatches(mq.matches);
    mq.addEventListener('change', onChange);
    onChange();
    return () => mq.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

/** Narrow screens show one pane at a time. Keep in step with the breakpoint in styles.css. */
export const NARROW = '(max-width: 759px)';

/**
 * Touch-first devices: moving focus into a text field there pops up the on-screen keyboard, so
 * the messenger only moves focus to the composer when this does not match (headless browsers
 * report no pointer at all, which counts as "not touch").
 */
export const COARSE_POINTER = '(pointer: coarse)';

export function useDebounced(value, ms) {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** A ref that always holds the latest value, for callbacks registered once. */
export function useLatest(value) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
