// Following one long job (training, import, sweep): every `job.updated` for the job kind the
// view started is collected, so the view can show progress, a live chart of what the job
// reports (loss per epoch …) and offer cancel. The job is recognised by kind and start time,
// since the starting call only answers when the job is done.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobInfo } from '../../src-main/api/contract.js';
import { api } from '../api/client.js';

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
