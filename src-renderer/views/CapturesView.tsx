// The captures area: drop or pick pcap/pcapng files (gzip too) and import them into the flow
// store, one row per file with its own progress (upload, then import) and Cancel, its summary
// (packets, flows, errors by kind, telemetry found) and buttons that open its flows in the Flows
// view over the capture's time range. In browser mode (`netweaver serve`) a dropped file is
// uploaded to the host in chunks through the API; in the desktop app it has a real path and is
// imported in place. Host paths can also be typed. Earlier imports are listed from the history.
import { useEffect, useRef, useState } from 'react';
import type { JobInfo, Result } from '../../src-main/api/contract.js';
import type { CaptureHistoryEntry } from '../../src-main/api/contract/capture.js';
import { api } from '../api/client.js';
import { formatCompact } from '../charts/scale.js';
import { uploadCapture, UploadCancelled } from '../captures/upload-file.js';
import type { ViewProps } from './index.js';

type ImportResult = Result<'capture.import'>;
type Phase = 'queued' | 'uploading' | 'uploaded' | 'importing' | 'succeeded' | 'cancelled' | 'failed';

interface Row {
  id: number;
  name: string;
  size: number | null;
  phase: Phase;
  upload?: { sent: number; total: number; bytesPerSecond: number };
  job?: JobInfo;
  result?: ImportResult;
  error?: string;
}

type Source = { kind: 'path'; path: string } | { kind: 'file'; file: File };

/** Per row, what is needed to cancel it wherever it is. */
interface Control {
  abort: AbortController;
  uploadId?: string;
  jobId?: string;
}

let nextId = 1;

/** A host path for a dropped file: only the desktop app has one (through the preload bridge). */
function hostPathOf(file: File): string | null {
  try {
    return window.netweaver?.pathForFile?.(file) || null;
  } catch {
    return null;
  }
}

function flowsLink(span: { firstUs: number; lastUs: number }, filter: string): Record<string, string> {
  return {
    from: new Date(Math.floor(span.firstUs / 1000)).toISOString(),
    to: new Date(Math.ceil(span.lastUs / 1000) + 1000).toISOString(),
    tab: 'conversations',
    ...(filter ? { filter } : {}),
  };
}

function errorsText(errors: Record<string, number>): string {
  const list = Object.entries(errors);
  return list.length ? list.map(([k, v]) => `${v.toLocaleString()} ${k}`).join(', ') : 'none';
}

export function CapturesView({ navigate }: ViewProps) {
  const [rows, setRows] = useState<Row[]>([]);
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const [history, setHistory] = useState<CaptureHistoryEntry[]>([]);
  const controls = useRef(new Map<number, Control>());
  const uploads = useRef<Promise<unknown>>(Promise.resolve());
  const imports = useRef<Promise<unknown>>(Promise.resolve());
  const picker = useRef<HTMLInputElement>(null);

  const patch = (id: number, change: Partial<Row>) => setRows((list) => list.map((r) => (r.id === id ? { ...r, ...change } : r)));
  const loadHistory = () => void api.call('capture.history', { limit: 20 }).then(setHistory, () => undefined);

  useEffect(() => {
    loadHistory();
    return api.on('job.updated', (job) => {
      if (job.kind !== 'capture.import') return;
      for (const [id, c] of controls.current) if (c.jobId === job.jobId) patch(id, { job });
    });
  }, []);

  /** Upload (files without a host path), then import; uploads run one after another, imports too, overlapping each other. */
  const enqueue = (sources: Source[]) => {
    for (const source of sources) {
      const id = nextId++;
      const name = source.kind === 'path' ? source.path : source.file.name;
      const control: Control = { abort: new AbortController() };
      controls.current.set(id, control);
      setRows((list) => [...list, { id, name, size: source.kind === 'file' ? source.file.size : null, phase: 'queued' }]);
      const ready = (uploads.current = uploads.current.then(() => prepare(id, source, control)));
      imports.current = Promise.all([imports.current, ready]).then(([, target]) => (target ? runImport(id, target as Target, control) : undefined));
    }
  };

  type Target = { paths: string[] } | { uploads: string[] };

  const prepare = async (id: number, source: Source, control: Control): Promise<Target | null> => {
    if (control.abort.signal.aborted) return null;
    if (source.kind === 'path') return { paths: [source.path] };
    patch(id, { phase: 'uploading', upload: { sent: 0, total: source.file.size, bytesPerSecond: 0 } });
    try {
      let shown = 0;
      const onProgress = (upload: NonNullable<Row['upload']>) => {
        // At most ~10 redraws a second: a table redraw per acknowledged chunk would slow the upload.
        const now = performance.now();
        if (now - shown < 100 && upload.sent < upload.total) return;
        shown = now;
        patch(id, { upload });
      };
      const uploadId = await uploadCapture(api, source.file, { signal: control.abort.signal, onProgress });
      control.uploadId = uploadId;
      if (control.abort.signal.aborted) {
        await api.call('capture.uploadCancel', { uploadId }).catch(() => undefined);
        return null;
      }
      patch(id, { phase: 'uploaded' });
      return { uploads: [uploadId] };
    } catch (e) {
      if (e instanceof UploadCancelled) patch(id, { phase: 'cancelled', error: e.message });
      else patch(id, { phase: 'failed', error: (e as Error).message });
      return null;
    }
  };

  const runImport = async (id: number, target: Target, control: Control) => {
    if (control.abort.signal.aborted) {
      if ('uploads' in target) await api.call('capture.uploadCancel', { uploadId: target.uploads[0]! }).catch(() => undefined);
      return;
    }
    patch(id, { phase: 'importing' });
    try {
      const { jobId } = await api.call('capture.start', target);
      control.jobId = jobId;
      if (control.abort.signal.aborted) void api.call('jobs.cancel', { jobId });
      const result = await api.call('capture.result', { jobId });
      patch(id, { phase: result.state, result });
    } catch (e) {
      const message = (e as Error).message;
      patch(id, { phase: /cancel/i.test(message) && control.abort.signal.aborted ? 'cancelled' : 'failed', error: message });
    } finally {
      loadHistory();
    }
  };

  const cancel = (row: Row) => {
    const c = controls.current.get(row.id);
    if (!c) return;
    c.abort.abort();
    if (row.phase === 'queued' || row.phase === 'uploaded') {
      patch(row.id, { phase: 'cancelled', error: row.phase === 'uploaded' ? 'cancelled before the import; the uploaded file was deleted on the host' : 'cancelled before it started' });
      if (c.uploadId) void api.call('capture.uploadCancel', { uploadId: c.uploadId }).catch(() => undefined);
    }
    if (c.jobId) void api.call('jobs.cancel', { jobId: c.jobId });
  };

  const addFiles = (files: FileList | null) => {
    if (!files?.length) return;
    enqueue([...files].map((file): Source => {
      const path = hostPathOf(file);
      return path ? { kind: 'path', path } : { kind: 'file', file };
    }));
  };

  const busy = rows.some((r) => r.phase === 'queued' || r.phase === 'uploading' || r.phase === 'uploaded' || r.phase === 'importing');
  return (
    <section
      className={`captures-view ${dragging ? 'drop-target' : ''}`}
      aria-label="Captures"
      data-testid="captures-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        addFiles(e.dataTransfer.files);
      }}
    >
      <div className="view-toolbar">
        <h1>Captures</h1>
        <button onClick={() => picker.current?.click()}>Choose capture files…</button>
        <input ref={picker} type="file" multiple hidden aria-label="Choose capture files" accept=".pcap,.pcapng,.cap,.gz,.dmp" onChange={(e) => (addFiles(e.target.files), (e.target.value = ''))} />
        {busy && <span className="muted">importing…</span>}
      </div>
      <div className="drop-zone muted">
        Drop pcap or pcapng files (also .gz) anywhere here.{' '}
        {api.transport === 'websocket' ? 'They are uploaded to the machine running NetWeaver, then imported; the uploaded copy is deleted afterwards.' : 'They are imported in place.'}
      </div>
      {rows.length > 0 && (
        <table className="data-table" data-testid="capture-imports">
          <thead>
            <tr>
              <th>file</th>
              <th>progress</th>
              <th className="num">packets</th>
              <th className="num">flows stored</th>
              <th>errors by kind</th>
              <th>telemetry found</th>
              <th>open</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <ImportRow key={row.id} row={row} onCancel={() => cancel(row)} navigate={navigate} />
            ))}
          </tbody>
        </table>
      )}
      <details className="panel">
        <summary>Import by path on the host</summary>
        <p className="muted">One path per line, on the machine running NetWeaver — for captures too large to upload.</p>
        <textarea aria-label="Capture files" rows={3} cols={90} value={text} onChange={(e) => setText(e.target.value)} placeholder="/captures/uplink.pcapng" />
        <div>
          <button
            onClick={() => {
              enqueue(text.split('\n').map((l) => l.trim()).filter(Boolean).map((path): Source => ({ kind: 'path', path })));
              setText('');
            }}
            disabled={!text.trim()}
          >
            Import
          </button>
        </div>
      </details>
      {history.length > 0 && (
        <div className="panel">
          <h2>Earlier imports</h2>
          <table className="data-table compact" data-testid="capture-history">
            <thead>
              <tr>
                <th>started</th>
                <th>files</th>
                <th>state</th>
                <th className="num">packets</th>
                <th className="num">flows stored</th>
                <th>outcome</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.jobId} data-state={h.state}>
                  <td>{h.startedAt.slice(0, 19)}</td>
                  <td className="wrap">{h.files.map((f) => f.split('/').pop()).join(', ')}</td>
                  <td className={h.state === 'failed' ? 'error-text' : ''}>{h.state}</td>
                  <td className="num">{h.packets.toLocaleString()}</td>
                  <td className="num">{h.rowsStored.toLocaleString()}</td>
                  <td className="wrap">{h.outcome}</td>
                  <td>
                    {h.timeSpan && h.rowsStored > 0 && (
                      <button className="link-button" onClick={() => navigate('flows', flowsLink(h.timeSpan!, ''))}>
                        flows →
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RowProgress({ row, onCancel }: { row: Row; onCancel(): void }) {
  const cancelButton = (
    <button onClick={onCancel} aria-label={`Cancel ${row.name}`}>
      Cancel
    </button>
  );
  if (row.phase === 'queued') return <span className="muted">queued {cancelButton}</span>;
  if (row.phase === 'uploading' && row.upload) {
    const u = row.upload;
    const f = u.total ? u.sent / u.total : 1;
    return (
      <>
        <progress value={f} max={1} aria-label={`Upload of ${row.name}`} /> uploading {Math.round(f * 100)} % ({formatCompact(u.sent)}B of {formatCompact(u.total)}B
        {u.bytesPerSecond ? `, ${formatCompact(u.bytesPerSecond)}B/s` : ''}) {cancelButton}
      </>
    );
  }
  if (row.phase === 'uploaded' || row.phase === 'importing') {
    const fraction = row.job?.progress?.fraction;
    return (
      <>
        <progress value={typeof fraction === 'number' ? fraction : undefined} max={1} aria-label={`Import of ${row.name}`} />{' '}
        {row.phase === 'uploaded' ? 'uploaded; waiting to import' : `importing ${typeof fraction === 'number' ? `${Math.round(fraction * 100)} %` : '…'}`}{' '}
        {row.job?.progress?.message ?? ''} {cancelButton}
      </>
    );
  }
  const text = row.result?.outcome ?? row.error ?? row.phase;
  return <span className={row.phase === 'failed' ? 'error-text' : row.phase === 'cancelled' ? 'warn-text' : ''}>{text}</span>;
}

function ImportRow({ row, onCancel, navigate }: { row: Row; onCancel(): void; navigate: ViewProps['navigate'] }) {
  const r = row.result;
  const byProtocol = r ? Object.entries(r.telemetry.byProtocol).map(([k, n]) => `${k} ${n.toLocaleString()}`).join(', ') : '';
  const telemetry = !r ? '' : r.telemetry.datagrams === 0 ? 'none' : `${r.telemetry.datagrams.toLocaleString()} datagrams (${byProtocol}) → ${r.telemetry.records.toLocaleString()} flow records from ${r.exporters.length} exporter${r.exporters.length === 1 ? '' : 's'}`;
  const exporters = r ? [...new Set(r.exporters.map((e) => e.address))] : [];
  return (
    <tr data-state={row.phase} data-file={row.name.split('/').pop()}>
      <td className="wrap">
        {row.name.split('/').pop()}
        {row.size !== null && <span className="muted small"> {formatCompact(row.size)}B</span>}
      </td>
      <td className="wrap">
        <RowProgress row={row} onCancel={onCancel} />
      </td>
      <td className="num">{r ? r.packets.toLocaleString() : ''}</td>
      <td className="num">{r ? r.rowsStored.toLocaleString() : ''}</td>
      <td className="wrap">
        {r ? errorsText(r.errors) : ''}
        {r?.messages.length ? <div className="muted small">{r.messages.slice(0, 3).join('; ')}</div> : null}
      </td>
      <td className="wrap">{telemetry}</td>
      <td>
        {r?.timeSpan && r.flows.rows > 0 && (
          <button className="link-button" onClick={() => navigate('flows', flowsLink(r.timeSpan!, 'source = pcap'))}>
            conversations →
          </button>
        )}
        {r?.timeSpan && exporters.length > 0 && (
          <button className="link-button" onClick={() => navigate('flows', flowsLink(r.timeSpan!, exporters.length === 1 ? `exporter = ${exporters[0]}` : `exporter in (${exporters.join(', ')})`))}>
            telemetry →
          </button>
        )}
      </td>
    </tr>
  );
}
