// The captures area: import pcap/pcapng files (gzip too) into the flow store, one file at a time
// with its own progress and Cancel, then each file's summary and a link to its flows. Files are
// paths on the host running NetWeaver: in browser mode that is the machine of `netweaver serve`
// (normally this laptop), so nothing is uploaded; in the desktop app, dropped files give their
// paths directly.
import { useEffect, useRef, useState } from 'react';
import type { JobInfo, Result } from '../../src-main/api/contract.js';
import { api } from '../api/client.js';
import type { ViewProps } from './index.js';

type ImportResult = Result<'capture.import'>;

interface FileImport {
  path: string;
  state: 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';
  job?: JobInfo;
  result?: ImportResult;
  error?: string;
}

/** Paths from a drop: Electron's File.path when the desktop app gives it; else the name only. */
function droppedPaths(files: FileList): string[] {
  return [...files].map((f) => (f as File & { path?: string }).path || f.name);
}

export function CapturesView({ navigate }: ViewProps) {
  const [text, setText] = useState('');
  const [imports, setImports] = useState<FileImport[]>([]);
  const [busy, setBusy] = useState(false);
  const current = useRef<{ index: number; since: number; jobId?: string } | null>(null);

  useEffect(
    () =>
      api.on('job.updated', (job) => {
        const c = current.current;
        if (job.kind !== 'capture.import' || !c || Date.parse(job.startedAt) < c.since - 1000) return;
        c.jobId ??= job.jobId;
        if (job.jobId !== c.jobId) return;
        setImports((list) => list.map((f, i) => (i === c.index ? { ...f, job } : f)));
      }),
    [],
  );

  const start = async (paths: string[]) => {
    const list: FileImport[] = paths.map((path) => ({ path, state: 'waiting' }));
    setImports(list);
    setBusy(true);
    for (let i = 0; i < list.length; i++) {
      current.current = { index: i, since: Date.now() };
      setImports((l) => l.map((f, j) => (j === i ? { ...f, state: 'running' } : f)));
      try {
        const result = await api.call('capture.import', { paths: [list[i]!.path] });
        setImports((l) => l.map((f, j) => (j === i ? { ...f, state: 'done', result } : f)));
      } catch (e) {
        const message = (e as Error).message;
        setImports((l) => l.map((f, j) => (j === i ? { ...f, state: /cancel/i.test(message) ? 'cancelled' : 'failed', error: message } : f)));
      }
    }
    current.current = null;
    setBusy(false);
  };

  return (
    <section
      className="captures-view"
      aria-label="Captures"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        setText([text.trim(), ...droppedPaths(e.dataTransfer.files)].filter(Boolean).join('\n'));
      }}
    >
      <div className="view-toolbar">
        <h1>Captures</h1>
      </div>
      <p className="muted">pcap and pcapng files (also .gz), one path per line — paths on the machine running NetWeaver. Drop files here in the desktop app.</p>
      <textarea aria-label="Capture files" rows={4} cols={90} value={text} onChange={(e) => setText(e.target.value)} placeholder="/captures/uplink.pcapng" />
      <div>
        <button onClick={() => void start(text.split('\n').map((l) => l.trim()).filter(Boolean))} disabled={busy || !text.trim()}>
          Import
        </button>
      </div>
      {imports.length > 0 && (
        <table className="data-table" data-testid="capture-imports">
          <thead>
            <tr>
              <th>file</th>
              <th>progress</th>
              <th className="num">packets</th>
              <th className="num">flows stored</th>
              <th className="num">telemetry records</th>
              <th>problems</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {imports.map((f) => {
              const r = f.result;
              const problems = r ? Object.entries(r.errors).map(([k, v]) => `${v} ${k}`).join(', ') : '';
              return (
                <tr key={f.path} data-state={f.state}>
                  <td>{f.path}</td>
                  <td>
                    {f.state === 'running' ? (
                      <>
                        <progress value={f.job?.progress?.fraction} max={1} /> {f.job?.progress?.message ?? ''}{' '}
                        <button onClick={() => current.current?.jobId && void api.call('jobs.cancel', { jobId: current.current.jobId })} aria-label={`Cancel ${f.path}`}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <span className={f.state === 'failed' ? 'error-text' : ''}>{f.error ?? f.state}</span>
                    )}
                  </td>
                  <td className="num">{r ? r.packets.toLocaleString() : ''}</td>
                  <td className="num">{r ? r.rowsStored.toLocaleString() : ''}</td>
                  <td className="num">{r ? r.telemetry.records.toLocaleString() : ''}</td>
                  <td className="wrap">{problems || (r?.messages.length ? r.messages.slice(0, 3).join('; ') : r ? 'none' : '')}</td>
                  <td>
                    {r?.timeSpan && (
                      <button
                        className="link-button"
                        onClick={() =>
                          navigate('flows', {
                            from: new Date(Math.floor(r.timeSpan!.firstUs / 1000)).toISOString(),
                            to: new Date(Math.ceil(r.timeSpan!.lastUs / 1000) + 1000).toISOString(),
                            tab: 'conversations',
                          })
                        }
                      >
                        conversations →
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
