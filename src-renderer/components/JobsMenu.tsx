// The jobs light in the header: how many long jobs run (imports, training, sweeps, reports),
// and a list with each one's progress and a Cancel button — whichever view started it.
import { useEffect, useState } from 'react';
import type { JobInfo } from '../../src-main/api/contract.js';
import { api } from '../api/client.js';

const KEEP_FINISHED = 8;

export function mergeJob(jobs: JobInfo[], job: JobInfo): JobInfo[] {
  const rest = jobs.filter((j) => j.jobId !== job.jobId);
  const all = [job, ...rest];
  const active = all.filter((j) => j.state === 'queued' || j.state === 'running');
  const finished = all.filter((j) => !(j.state === 'queued' || j.state === 'running')).slice(0, KEEP_FINISHED);
  return [...active, ...finished];
}

export function JobsMenu() {
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const off = api.on('job.updated', (job) => setJobs((list) => mergeJob(list, job)));
    const load = () => api.call('jobs.list', {}).then((list) => setJobs((cur) => list.reduce(mergeJob, cur)), () => undefined);
    void load();
    const offState = api.onState((s) => s === 'connected' && void load());
    return () => (off(), offState());
  }, []);
  const running = jobs.filter((j) => j.state === 'running' || j.state === 'queued');
  return (
    <div className="jobs-menu">
      <button onClick={() => setOpen(!open)} aria-expanded={open} aria-label="Jobs" title="Long-running jobs">
        {running.length ? `⟳ ${running.length} job${running.length > 1 ? 's' : ''}` : 'Jobs'}
      </button>
      {open && (
        <div className="jobs-list" role="dialog" aria-label="Jobs">
          {jobs.length === 0 && <p className="muted">No jobs yet.</p>}
          {jobs.map((j) => (
            <div key={j.jobId} className="job-row" data-state={j.state}>
              <div>
                <strong>{j.title}</strong> <span className="muted">{j.state}</span>
              </div>
              {(j.state === 'running' || j.state === 'queued') && (
                <div className="job-progress">
                  <progress value={j.progress?.fraction} max={1} />
                  <button onClick={() => void api.call('jobs.cancel', { jobId: j.jobId })} aria-label={`Cancel ${j.title}`}>
                    Cancel
                  </button>
                </div>
              )}
              {j.progress?.message && <div className="muted small">{j.progress.message}</div>}
              {j.error && <div className="error-text small">{j.error}</div>}
              {j.outcome && <div className="small">{j.outcome}</div>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
