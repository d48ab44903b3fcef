// The reports area: pick a kind, fill in what it reads (a form built from the service's kind
// catalogue), generate with progress and cancel, then open or save the files. Files given as
// paths are paths on the host running NetWeaver (in browser mode, the machine of `serve`).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReportFileInfo, ReportKindInfo, ReportOutcome, ReportProgress } from '../../src-main/api/contract/reports.js';
import { api } from '../api/client.js';
import { buildReportRequest, type Format, type Kind } from '../reports/report-form.js';
import type { ViewProps } from './index.js';

function fileUrl(file: ReportFileInfo): string | null {
  if (file.content === undefined) return null;
  const bytes = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
  return URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
}

export function ReportsView({ params, navigate }: ViewProps) {
  const [kinds, setKinds] = useState<ReportKindInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const kind = (params.get('kind') as Kind) ?? 'topology';
  const [format, setFormat] = useState<Format>((params.get('format') as Format) ?? 'html');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<ReportOutcome | null>(null);
  const [progress, setProgress] = useState<ReportProgress | null>(null);
  const info = useMemo(() => kinds.find((k) => k.kind === kind), [kinds, kind]);

  useEffect(() => {
    api.call('reports.kinds', {}).then(setKinds, (e: Error) => setError(e.message));
  }, []);
  const outcomeId = useRef<string | null>(null);
  useEffect(() => {
    const offProgress = api.on('reports.progress', (p) => setProgress((cur) => (outcomeId.current === p.reportId ? p : cur)));
    const offFinished = api.on('reports.finished', (o) => {
      if (o.reportId !== outcomeId.current) return;
      // The event carries no file contents; fetch them.
      api.call('reports.status', { reportId: o.reportId }).then(setOutcome, (e: Error) => setError(e.message));
    });
    return () => (offProgress(), offFinished());
  }, []);

  const generate = async () => {
    setError(null);
    setOutcome(null);
    setProgress(null);
    try {
      const req = buildReportRequest(kind, format, fields);
      const started = await api.call('reports.generate', req);
      outcomeId.current = started.reportId;
      setOutcome(started);
      if (started.state !== 'running') setOutcome(await api.call('reports.status', { reportId: started.reportId }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const running = outcome?.state === 'running';
  return (
    <section className="reports-view" aria-label="Reports">
      <div className="view-toolbar">
        <h1>Reports</h1>
      </div>
      <div className="kind-cards" role="radiogroup" aria-label="Report kind">
        {kinds.map((k) => (
          <button key={k.kind} role="radio" aria-checked={k.kind === kind} className="kind-card" onClick={() => (navigate('reports', { kind: k.kind }), setFields({}))}>
            <strong>{k.title}</strong>
            <span className="muted">{k.description}</span>
          </button>
        ))}
      </div>
      {info && (
        <form
          className="panel report-form"
          onSubmit={(e) => {
            e.preventDefault();
            void generate();
          }}
        >
          {info.inputs.map((input) => (
            <label key={input.field}>
              <span>
                {input.field}
                {input.required && ' *'}
              </span>
              {input.field === 'captures' || input.field === 'links' ? (
                <textarea aria-label={input.field} rows={3} value={fields[input.field] ?? ''} onChange={(e) => setFields({ ...fields, [input.field]: e.target.value })} placeholder={input.description} />
              ) : (
                <input aria-label={input.field} value={fields[input.field] ?? ''} onChange={(e) => setFields({ ...fields, [input.field]: e.target.value })} placeholder={input.description} required={input.required} />
              )}
            </label>
          ))}
          <label>
            <span>format</span>
            <select aria-label="format" value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              {info.formats.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <div>
            <button type="submit" disabled={running}>
              Generate
            </button>
            {running && (
              <button type="button" onClick={() => outcome && void api.call('reports.cancel', { reportId: outcome.reportId })}>
                Cancel report
              </button>
            )}
          </div>
          <p className="muted">Paths are files on the machine running NetWeaver.</p>
        </form>
      )}
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {outcome && (
        <div className="panel" data-testid="report-outcome" data-state={outcome.state}>
          <h2>
            {outcome.title ?? outcome.kind}: {outcome.state}
          </h2>
          {running && (
            <div className="job-progress" role="status" aria-label="Report progress">
              <progress value={progress?.fraction} max={1} /> {progress?.message ?? 'starting…'}
            </div>
          )}
          {outcome.error && <div className="error-box">{outcome.error}</div>}
          {outcome.files && (
            <table className="data-table">
              <tbody>
                {outcome.files.map((f) => (
                  <ReportFileRow key={f.name} file={f} />
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

function ReportFileRow({ file }: { file: ReportFileInfo }) {
  const url = useMemo(() => fileUrl(file), [file]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return (
    <tr>
      <td>{file.name}</td>
      <td>{file.table ?? file.mimeType}</td>
      <td className="num">{file.bytes.toLocaleString()} bytes</td>
      <td>
        {file.path ? (
          <code>{file.path}</code>
        ) : url ? (
          <>
            <a href={url} target="_blank" rel="noreferrer">
              Open
            </a>{' '}
            · <a href={url} download={file.name}>Save</a>
          </>
        ) : null}
      </td>
    </tr>
  );
}
