import { useCallback, useEffect, useState } from 'react';
import { api, isMissingEndpoint, problemMessage } from './api';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** The server answered `route_not_found`: it does not offer this endpoint (an older version). */
  missing: boolean;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null: nothing to load yet) and reloads it on demand. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is how reload asks for a fresh fetch
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoading(true);
    api<T>('GET', path)
      .then((value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setMissing(false);
      })
      .catch((failure: unknown) => {
        if (!current) return;
        setMissing(isMissingEndpoint(failure));
        setError(isMissingEndpoint(failure) ? null : problemMessage(failure));
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, missing, loading, reload };
}
