import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * Runs `load(signal)` whenever `deps` change and keeps its result: `{data, error, loading, reload}`.
 * A newer load aborts the older one, so a slow answer never overwrites a newer one.
 */
export function useAsync(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ data: s.data, error: null, loading: true }));
    Promise.resolve()
      .then(() => loadRef.current(controller.signal))
      .then(
        (data) => {
          if (!controller.signal.aborted) setState({ data, error: null, loading: false });
        },
        (error) => {
          if (!controller.signal.aborted && error?.name !== 'AbortError')
            setState({ data: null, error, loading: false });
        },
      );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/**
 * An action the user starts (approve, suspend…): `{run, busy, error, clearError}`; `run(...args)`
 * resolves to the action's result, or to undefined when it failed (the error is kept for the form).
 */
export function useAction(action) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const run = useCallback(
    async (...args) => {
      setBusy(true);
      setError(null);
      try {
        return await action(...args);
      } catch (e) {
        setError(e);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, clearError: () => setError(null) };
}
