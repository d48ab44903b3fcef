// Progress of a long job with its message and a Cancel button; the job's error when it failed.
import type { JobInfo } from '../../src-main/api/contract.js';

export function JobProgress({ info, running, onCancel, label }: { info: JobInfo | null; running: boolean; onCancel(): void; label: string }) {
  if (!running && !info) return null;
  const fraction = info?.progress?.fraction;
  const state = info?.state ?? 'queued';
  return (
    <div className="job-progress" role="status" aria-label={`${label} progress`} data-state={state}>
      <progress value={typeof fraction === 'number' ? fraction : undefined} max={1} />
      <span>
        {label}: {state === 'running' || state === 'queued' ? (typeof fraction === 'number' ? `${Math.round(fraction * 100)} %` : 'starting…') : state}
        {info?.progress?.message ? ` — ${info.progress.message}` : ''}
      </span>
      {running && (
        <button onClick={onCancel} aria-label={`Cancel ${label.toLowerCase()}`}>
          Cancel
        </button>
      )}
      {info?.error && <span className="error-text">{info.error}</span>}
    </div>
  );
}
