import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from '../../api';

/** A console read: like useApi, and it tells a server without this endpoint apart from a failure. */
export interface ConsoleLoad<T> {
  data: T | null;
  error: string | null;
  /** The server answered `route_not_found`: it does not offer this endpoint (an older version). */
  missing: boolean;
  loading: boolean;
  reload: () => void;
}

export function isMissingEndpoint(failure: unknown): boolean {
  return failure instanceof ApiError && failure.status === 404 && failure.problem.code === 'route_not_found';
}

/** The problem's message with the field it names, so a refused form says what to fix. */
export function problemMessage(failure: unknown): string {
  if (failure instanceof ApiError) {
    const where = failure.problem.path ? ` (${failure.problem.path})` : '';
    return `${failure.message}${where}`;
  }
  return (failure as Error).message;
}

export function useConsoleApi<T>(path: string | null): ConsoleLoad<T> {
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
