// Where the drawn topology comes from: a NetWeaver topology file the engineer opens or drops
// on the view (the format `netweaver … --json` and the routing engine export). The opened
// topology is kept for the session so switching areas does not lose it.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { checkTopologyData, type TopologyData, type TopologyLoads } from './topology-data.js';

export interface TopologySource {
  data: TopologyData | null;
  loads: TopologyLoads | null;
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
    throw new Error(`topology: ${file.name}: not valid JSON (${(e as Error).message}). Open a NetWeaver topology file (.json); import GraphML, REPETITA or containerlab files with \`netweaver topology import\` first.`);
  }
  const data = checkTopologyData(parsed, file.name);
  const loads = (parsed as { loads?: TopologyLoads }).loads ?? null;
  return { data, loads };
}

export function useTopologySource(_name: string | null): TopologySource {
  const [state, setState] = useState(opened);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const open = useCallback(async (file: File) => {
    setError(null);
    performance.mark('topology:open');
    setBusy(`Reading ${file.name}…`);
    try {
      opened = await readTopologyFile(file);
      setState(opened);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }, []);

  // Dropping a file anywhere on the view opens it.
  useEffect(() => {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files?.[0];
      if (!file) return;
      e.preventDefault();
      void open(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [open]);

  const picker = (
    <label className="file-button">
      Open topology file…
      <input
        type="file"
        accept=".json,application/json"
        data-testid="topology-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void open(file);
          e.target.value = '';
        }}
      />
    </label>
  );
  return {
    data: state?.data ?? null,
    loads: state?.loads ?? null,
    error,
    busy,
    picker,
    emptyHint: 'No topology open. Open or drop a NetWeaver topology file (.json).',
  };
}
