import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { api, ApiFailure } from './api.js';

export interface Resource<T> {
  data: T | undefined;
  error: ApiFailure | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads a Backend API path (null: nothing yet); reloads when the path changes or on `reload()`. */
export function useApi<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiFailure; loading: boolean }>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    api<T>(path).then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error: toFailure(error), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export const toFailure = (error: unknown) =>
  error instanceof ApiFailure ? error : new ApiFailure(0, 'unexpected', error instanceof Error ? error.message : String(error));

/** Runs an action, tracking busy and error; returns its result (undefined when it failed). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure>();
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (e) {
      if (mounted.current) setError(toFailure(e));
      return undefined;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  return { busy, error, run, clearError: () => setError(undefined) };
}

export type Action = ReturnType<typeof useAction>;

/** The hash route: `#/users/user_123?query=x` → `{ path: '/users/user_123', segments: ['users', 'user_123'], params }`. */
export function useRoute() {
  const hash = useSyncExternalStore(
    (notify) => {
      window.addEventListener('hashchange', notify);
      return () => window.removeEventListener('hashchange', notify);
    },
    () => window.location.hash,
  );
  const [path = '/', search = ''] = hash.replace(/^#/, '').split('?');
  return { path, segments: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export const href = (path: string) => `#${path}`;
export const navigate = (path: string) => void (window.location.hash = path);

/** A value that follows `value` after `ms` without changes (search boxes). */
export function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

/** A searchable, paged list: the box's text, the settled search (trimmed, 250 ms), and the offset, back to 0 on a new search. */
export function usePagedSearch(initialQuery = '') {
  const [query, setQuery] = useState(initialQuery);
  const [offset, setOffset] = useState(0);
  const search = useDebounced(query.trim(), 250);
  useEffect(() => setOffset(0), [search]);
  return { query, setQuery, search, offset, setOffset };
}
