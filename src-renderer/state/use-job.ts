// Following one long job (training, import, sweep): every `job.updated` for the job kind the
// view started is collected, so the view can show progress, a live chart of what the job
// reports (loss per epoch …) and offer cancel. The job is recognised by kind and start time,
// since the starting call only answers when the job is done. Work the service splits over
// several jobs of one kind (the failure sweep runs one job per worker) is followed as a group:
// progress is their mean, cancel cancels every one, and the group's state sums theirs up.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { JobInfo } from '../../src-main/api/contract.js';
import { api } from '../api/client.js';
import { groupJobInfo } from './job-group.js';

export interface FollowedJob {
  info: JobInfo | null;
  /** Every progress report received, in order. */
  reports: NonNullable<JobInfo['progress']>[];
}

export function useFollowJob(kind: string): [FollowedJob, () => void, () => Promise<void>] {
  const [state, setState] = useState<FollowedJob>({ info: null, reports: [] });
  const since = useRef<number | null>(null);
  const jobId = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('job.updated', (job) => {
        if (job.kind !== kind || since.current === null) return;
        if (jobId.current === null) {
          if (Date.parse(job.startedAt) < since.current - 1000) return;
          jobId.current = job.jobId;
        }
        if (job.jobId !== jobId.current) return;
        setState((s) => ({ info: job, reports: job.progress && job.progress !== s.reports[s.reports.length - 1] ? [...s.reports, job.progress] : s.reports }));
      }),
    [kind],
  );

  /** Call just before starting the job. */
  const begin = useCallback(() => {
    since.current = Date.now();
    jobId.current = null;
    setState({ info: null, reports: [] });
  }, []);
  const cancel = useCallback(async () => {
    if (jobId.current) await api.call('jobs.cancel', { jobId: jobId.current });
  }, []);
  return [state, begin, cancel];
}

/** Like useFollowJob, for every job of `kind` started after begin(): [group info, begin, cancel all]. */
export function useFollowJobGroup(kind: string): [JobInfo | null, () => void, () => Promise<void>] {
  const [jobs, setJobs] = useState<JobInfo[]>([]);
  const since = useRef<number | null>(null);
  // A cancel asked before every part has shown up also cancels the parts that show up later.
  const cancelling = useRef(false);
  useEffect(
    () =>
      api.on('job.updated', (job) => {
        if (job.kind !== kind || since.current === null || Date.parse(job.startedAt) < since.current - 1000) return;
        if (cancelling.current && (job.state === 'running' || job.state === 'queued')) void api.call('jobs.cancel', { jobId: job.jobId }).catch(() => undefined);
        setJobs((list) => (list.some((j) => j.jobId === job.jobId) ? list.map((j) => (j.jobId === job.jobId ? job : j)) : [...list, job]));
      }),
    [kind],
  );
  const begin = useCallback(() => {
    since.current = Date.now();
    cancelling.current = false;
    setJobs([]);
  }, []);
  const jobsRef = useRef(jobs);
  jobsRef.current = jobs;
  const cancel = useCallback(async () => {
    cancelling.current = true;
    const live = jobsRef.current.filter((j) => j.state === 'running' || j.state === 'queued');
    await Promise.all(live.map((j) => api.call('jobs.cancel', { jobId: j.jobId }).catch(() => undefined)));
  }, []);
  return [useMemo(() => groupJobInfo(jobs), [jobs]), begin, cancel];
}
