// Several jobs of one kind run side by side (the failure sweep runs one per worker) seen as one:
// the group runs while any part runs, failed if one failed, cancelled if one was cancelled;
// its progress is the parts' mean. Pure, for use-job.ts and its tests.
import type { JobInfo } from '../../src-main/api/contract.js';

/** One JobInfo standing for several jobs of one kind run side by side. */
export function groupJobInfo(jobs: readonly JobInfo[]): JobInfo | null {
  if (!jobs.length) return null;
  const states = jobs.map((j) => j.state);
  const state: JobInfo['state'] = states.some((s) => s === 'running' || s === 'queued')
    ? 'running'
    : states.some((s) => s === 'failed')
      ? 'failed'
      : states.some((s) => s === 'cancelled')
        ? 'cancelled'
        : 'succeeded';
  const fractions = jobs.map((j) => (j.state === 'succeeded' ? 1 : (j.progress?.fraction ?? 0)));
  const fraction = fractions.reduce((a, b) => a + b, 0) / jobs.length;
  const error = jobs.find((j) => j.error && j.state === 'failed')?.error ?? jobs.find((j) => j.error)?.error;
  const first = jobs[0]!;
  return {
    jobId: first.jobId,
    kind: first.kind,
    title: jobs.length > 1 ? `${first.title.replace(/ \(part \d+\/\d+.*\)$/, '')} (${jobs.length} parallel jobs)` : first.title,
    state,
    startedAt: first.startedAt,
    progress: { fraction, message: `${jobs.filter((j) => j.state === 'succeeded').length} of ${jobs.length} parts done` },
    ...(error ? { error } : {}),
  };
}
