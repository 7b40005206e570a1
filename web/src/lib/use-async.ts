/**
 * Loading data for a screen: `useAsync` loads once per key, `usePoll` reloads every few
 * seconds while the screen is open (analytics, simulator chats), and both ignore answers
 * that arrive after the screen moved on.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';

export interface AsyncState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

export function useAsync<T>(load: () => Promise<T>, key: string): AsyncState<T> {
  return usePoll(load, key, 0);
}

/** With `intervalMs` 0, loads once per key. */
export function usePoll<T>(load: () => Promise<T>, key: string, intervalMs: number): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      loadRef
        .current()
        .then(
          (value) => {
            if (!live) return;
            setData(value);
            setError(undefined);
            setLoading(false);
          },
          (err: unknown) => {
            if (!live) return;
            setError(errorMessage(err));
            setLoading(false);
          },
        )
        .finally(() => {
          if (live && intervalMs > 0) timer = setTimeout(run, intervalMs);
        });
    };
    run();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [key, intervalMs, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
