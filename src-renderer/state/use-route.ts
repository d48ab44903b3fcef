// URL-addressable state: the view and its parameters live in the hash (#/flows?filter=…), so a
// view can be bookmarked or shared in browser mode, and back/forward work.
import { useCallback, useEffect, useState } from 'react';

export interface Route {
  view: string;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [view = '', query = ''] = body.split('?');
  return { view: view || 'topology', params: new URLSearchParams(query) };
}

export function formatHash(route: { view: string; params?: Record<string, string> | URLSearchParams }): string {
  const query = new URLSearchParams(route.params ?? {}).toString();
  return `#/${route.view}${query ? `?${query}` : ''}`;
}

export function useRoute(): [Route, (view: string, params?: Record<string, string>) => void] {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((view: string, params?: Record<string, string>) => {
    location.hash = formatHash({ view, params });
  }, []);
  return [route, navigate];
}

/** The route's parameters with some set and some (null or '') removed, for navigate(). */
export function patchParams(params: URLSearchParams, patch: Record<string, string | null>): Record<string, string> {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  return Object.fromEntries(next);
}
