// Where the drawn topology comes from: a topology stored by the service (imported from
// GraphML, REPETITA, containerlab or NetWeaver JSON — in browser mode as a path on the host
// running `netweaver serve`), with its loads from routing its traffic matrix; or a NetWeaver
// topology file opened locally (dropped or picked), kept for the session.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { loadsFromDeltas, routingApi, type TopologySummary } from './routing-api.js';
import { checkTopologyData, type TopologyData, type TopologyLoads } from './topology-data.js';

export interface TopologySource {
  data: TopologyData | null;
  loads: TopologyLoads | null;
  /** The stored topology's id or name, when the map shows one (what-ifs need it). */
  stored: string | null;
  error: string | null;
  busy: string | null;
  picker: ReactNode;
  emptyHint: string;
}

let opened: { data: TopologyData; loads: TopologyLoads | null } | null = null;

async function readTopologyFile(file: File): Promise<{ data: TopologyData; loads: TopologyLoads | null }> {
  const text = await file.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`topology: ${file.name}: not valid JSON (${(e as Error).message}). Open a NetWeaver topology file (.json) here; import GraphML, REPETITA or containerlab files by their path on the host.`);
  }
  const data = checkTopologyData(parsed, file.name);
  const loads = (parsed as { loads?: TopologyLoads }).loads ?? null;
  return { data, loads };
}

/** Base loads: the stored traffic matrix routed on the unchanged network (a no-op what-if). */
export async function baseLoads(topology: string, data: TopologyData): Promise<TopologyLoads> {
  const r = await routingApi.whatif({ topology, changes: ['scale:1'], detail: 100_000 });
  return loadsFromDeltas(data, r.links, 'before');
}

export function useTopologySource(name: string | null, select: (name: string | null) => void): TopologySource {
  const [local, setLocal] = useState(opened);
  const [stored, setStored] = useState<{ name: string; data: TopologyData; loads: TopologyLoads | null } | null>(null);
  const [list, setList] = useState<TopologySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [hostPath, setHostPath] = useState('');

  const refreshList = useCallback(() => routingApi.list().then(setList, () => setList(null)), []);
  useEffect(() => void refreshList(), [refreshList]);

  useEffect(() => {
    if (!name) return setStored(null);
    let alive = true;
    setBusy(`Loading ${name}…`);
    setError(null);
    (async () => {
      const got = await routingApi.get(name);
      if (!alive) return;
      setStored({ name, data: got.topology, loads: null });
      if (got.demands.length) {
        setBusy(`Routing ${got.demands.length.toLocaleString()} demands for the link loads…`);
        const loads = await baseLoads(name, got.topology);
        if (alive) setStored({ name, data: got.topology, loads });
      }
    })().then(
      () => alive && setBusy(null),
      (e: Error) => alive && (setError(e.message), setBusy(null)),
    );
    return () => {
      alive = false;
    };
  }, [name]);

  const openLocal = useCallback(
    async (file: File) => {
      setError(null);
      performance.mark('topology:open');
      setBusy(`Reading ${file.name}…`);
      try {
        opened = await readTopologyFile(file);
        setLocal(opened);
        select(null);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(null);
      }
    },
    [select],
  );

  const importHostFile = async () => {
    if (!hostPath.trim()) return;
    setError(null);
    setBusy(`Importing ${hostPath}…`);
    try {
      const summary = await routingApi.importFile(hostPath.trim());
      await refreshList();
      select(summary.topologyId);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  // Dropping a file anywhere on the view opens it.
  useEffect(() => {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files?.[0];
      if (!file) return;
      e.preventDefault();
      void openLocal(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openLocal]);

  const picker = (
    <div className="topology-picker">
      {list && (
        <select aria-label="Stored topology" value={name ?? ''} onChange={(e) => select(e.target.value || null)}>
          <option value="">{list.length ? 'Stored topologies…' : 'No stored topologies'}</option>
          {list.map((t) => (
            <option key={t.topologyId} value={t.topologyId}>
              {t.name} ({t.devices} devices, {t.links} links{t.demands ? `, ${t.demands} demands` : ''})
            </option>
          ))}
        </select>
      )}
      {list && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void importHostFile();
          }}
        >
          <input aria-label="Topology file on the host" placeholder="Import a file on the host: …/net.graph, .graphml, .clab.yml, .json" value={hostPath} onChange={(e) => setHostPath(e.target.value)} size={44} />
          <button type="submit">Import</button>
        </form>
      )}
      <label className="file-button">
        Open local JSON…
        <input
          type="file"
          accept=".json,application/json"
          data-testid="topology-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void openLocal(file);
            e.target.value = '';
          }}
        />
      </label>
    </div>
  );
  const current = name ? stored : local;
  return {
    data: current?.data ?? null,
    loads: current?.loads ?? null,
    stored: name && stored ? stored.name : null,
    error,
    busy,
    picker,
    emptyHint: list
      ? 'No topology open. Pick a stored topology, import a file on the host (GraphML, REPETITA, containerlab, NetWeaver JSON), or open/drop a NetWeaver JSON file.'
      : 'No topology open. Open or drop a NetWeaver topology file (.json).',
  };
}
