// Builds a traffic series for a series spec from the flows in the store. Until the flows table
// exists in this store (it arrives with the collector/import migrations), this says so plainly.
import { parseSeriesSpec } from '../../../src-worker/ml/series-spec.js';
import type { TimeSeries } from '../../../src-worker/ml/series.js';
import type { Store } from '../../store/store.js';
import { ApiError } from '../contract/errors.js';
import type { SeriesSource } from '../contract/ml.js';

export async function loadFlowSeries(store: Store, source: Extract<SeriesSource, { spec: string }>, stepMs: number): Promise<TimeSeries> {
  try {
    parseSeriesSpec(source.spec);
  } catch (error) {
    throw new ApiError('invalid_params', (error as Error).message);
  }
  void store;
  void stepMs;
  throw new ApiError('unavailable', `ml: series "${source.spec}" needs flows in the store, and this store has no flows table yet; use --csv FILE`);
}
