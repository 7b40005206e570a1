/**
 * The template library, loaded once and shared by the builder, its panels and the
 * template screen; `reload` after creating or syncing templates.
 */
import { useCallback, useEffect, useState } from 'react';
import { fetchTemplates, type LoadedTemplate } from '../api/templates';
import { errorMessage } from '../api/client';

let cache: LoadedTemplate[] | undefined;
const listeners = new Set<(templates: LoadedTemplate[]) => void>();

export function useTemplates(): {
  templates: LoadedTemplate[];
  error: string | undefined;
  loaded: boolean;
  reload: () => void;
} {
  const [templates, setTemplates] = useState<LoadedTemplate[]>(cache ?? []);
  const [loaded, setLoaded] = useState(cache !== undefined);
  const [error, setError] = useState<string>();

  const reload = useCallback(() => {
    fetchTemplates().then(
      (list) => {
        cache = list;
        for (const listener of listeners) listener(list);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, []);

  useEffect(() => {
    const listener = (list: LoadedTemplate[]) => {
      setTemplates(list);
      setLoaded(true);
      setError(undefined);
    };
    listeners.add(listener);
    if (cache === undefined) reload();
    return () => {
      listeners.delete(listener);
    };
  }, [reload]);

  return { templates, error, loaded, reload };
}

/** For tests: start from a known library. */
export function primeTemplates(list: LoadedTemplate[] | undefined): void {
  cache = list;
}
