import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null: nothing to load yet) and reloads it on demand. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
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
      })
      .catch((failure: Error) => current && setError(failure.message))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload };
}
