// A view's last URL parameters, kept for the browser tab's session: coming back to the flows or
// forecast area through the navigation (a bare #/flows) restores the filter, range and series
// the engineer left there, as ntopng and Grafana keep a dashboard's state.

const key = (view: string) => `netweaver.params.${view}`;

export function rememberParams(view: string, params: URLSearchParams, storage: Pick<Storage, 'setItem'> = sessionStorage): void {
  try {
    storage.setItem(key(view), params.toString());
  } catch {
    /* storage full or disabled: nothing to restore later, which is the default anyway */
  }
}

/** The parameters to restore when the view is opened with none; null when there is nothing to restore. */
export function paramsToRestore(view: string, params: URLSearchParams, storage: Pick<Storage, 'getItem'> = sessionStorage): URLSearchParams | null {
  if ([...params.keys()].length > 0) return null;
  let saved: string | null = null;
  try {
    saved = storage.getItem(key(view));
  } catch {
    return null;
  }
  return saved ? new URLSearchParams(saved) : null;
}
