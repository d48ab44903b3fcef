// The forecast area: pick a series (flows in the store, or a CSV file on the host), train a
// forecaster or anomaly detector with a live loss chart, see its error against the seasonal
// baselines, plot the forecast band with the baselines, and list anomalies against the scored
// series — clicking one zooms the chart to it; each also links into the flows view at its time.
// The series, step, model, epochs and horizon are kept in the URL as they change.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MlAnomaly, MlDetectResult, MlForecastResult, MlModelSummary, MlTrainResult } from '../../src-main/api/contract/ml.js';
import { api } from '../api/client.js';
import { TimeChart } from '../charts/TimeChart.js';
import { JobProgress } from '../components/JobProgress.js';
import { useFollowJob } from '../state/use-job.js';
import { paramsToRestore, rememberParams } from '../flows/remembered-params.js';
import { formatHash } from '../state/use-route.js';
import type { Shortcut } from '../state/use-shortcuts.js';
import { useViewShortcuts } from '../state/view-shortcuts.js';
import { anomalyWindow, seriesSuggestions, sliceSeries } from '../forecast/forecast-series.js';
import type { ViewProps } from './index.js';

type ModelKind = 'lstm' | 'transformer' | 'multi' | 'autoencoder';

/** Results survive switching areas (the view unmounts); they are the session's, not the URL's. */
const kept: { trained: MlTrainResult | null; forecast: MlForecastResult | null; detected: MlDetectResult | null } = { trained: null, forecast: null, detected: null };

function sourceOf(series: string): { csv: string } | { spec: string } {
  return /\.csv$/i.test(series.trim()) || series.trim().startsWith('/') ? { csv: series.trim() } : { spec: series.trim() };
}

/** The key the service files models and anomalies under (as `seriesKeyOf` in the ML handlers). */
function seriesKeyOf(series: string): string {
  const source = sourceOf(series);
  return 'csv' in source ? `csv:${source.csv.split('/').pop()}` : source.spec;
}

/** The observed series' colour: dark grey on light, light grey on dark (it must read on both). */
const observedColour = (theme: ViewProps['theme']) => (theme === 'dark' ? '#c9d1d9' : '#444b55');

export function ForecastView({ params: routeParams, navigate, theme }: ViewProps) {
  // Opened bare (#/forecast from the navigation): the series and settings left here last.
  const [params] = useState(() => paramsToRestore('forecast', routeParams) ?? routeParams);
  const [series, setSeries] = useState(params.get('series') ?? 'total');
  const [step, setStep] = useState(params.get('step') ?? '5m');
  const [model, setModel] = useState<ModelKind>((params.get('model') as ModelKind) ?? 'lstm');
  const [epochs, setEpochs] = useState(Number(params.get('epochs') ?? 20));
  const [horizon, setHorizon] = useState(params.get('horizon') ?? '6h');
  const [training, setTraining] = useState(false);
  const [trained, setTrainedState] = useState<MlTrainResult | null>(kept.trained);
  const setTrained = (t: MlTrainResult | null) => setTrainedState((kept.trained = t));
  const [models, setModels] = useState<MlModelSummary[]>([]);
  const [forecast, setForecastState] = useState<MlForecastResult | null>(kept.forecast);
  const setForecast = (f: MlForecastResult) => setForecastState((kept.forecast = f));
  const [detected, setDetectedState] = useState<MlDetectResult | null>(kept.detected);
  const setDetected = (d: MlDetectResult) => setDetectedState((kept.detected = d));
  // Before a detection in this session (or after a reload), the anomalies stored for the series.
  const [storedAnomalies, setStoredAnomalies] = useState<MlAnomaly[] | null>(null);
  // A detection shown is the current series' only (the results outlive switching series).
  const detectedHere = detected && detected.seriesKey === seriesKeyOf(series) ? detected : null;
  const anomalies = detectedHere?.anomalies ?? (storedAnomalies?.length ? storedAnomalies : null);
  const [fpTarget, setFpTarget] = useState(params.get('fp') ?? '');
  const [known, setKnown] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, beginJob, cancelJob] = useFollowJob('ml.train');
  // Forecast and detection run as worker jobs too: followed so they show progress and can be cancelled.
  const [forecastJob, beginForecastJob, cancelForecastJob] = useFollowJob('ml.forecast');
  const [detectJob, beginDetectJob, cancelDetectJob] = useFollowJob('ml.detect');

  // The form is the URL's (replaceState: typing does not add history entries); reloading restores it.
  useEffect(() => {
    if (!location.hash.startsWith('#/forecast')) return;
    const state = new URLSearchParams({ series, step, model, epochs: String(epochs), horizon, ...(fpTarget ? { fp: fpTarget } : {}) });
    rememberParams('forecast', state);
    const next = formatHash({ view: 'forecast', params: state });
    if (location.hash !== next) history.replaceState(history.state, '', next);
  }, [series, step, model, epochs, horizon, fpTarget]);
  const refreshModels = useCallback(() => api.call('ml.models', {}).then(setModels, (e: Error) => setError(e.message)), []);
  useEffect(() => void refreshModels(), [refreshModels]);
  // Series the store can build (devices seen) and the series of trained models, for the picker.
  useEffect(() => {
    let alive = true;
    // Exporters with stored flows (any time), plus devices the collector or an import recorded.
    Promise.all([
      api.call('flows.topN', { fromMs: 0, toMs: Date.now() + 86_400_000, groupBy: ['exporter'], top: 50, metric: 'bytes' }).then((r) => r.rows.filter((row) => !row.other).map((row) => String(row.key.exporter ?? '')), () => []),
      api.call('collector.exporters', {}).then((r) => r.stored.map((d) => d.address), () => []),
    ]).then((lists) => alive && setKnown(lists.flat().filter(Boolean)));
    return () => {
      alive = false;
    };
  }, []);
  const suggestions = useMemo(() => seriesSuggestions(known, models), [known, models]);
  useEffect(() => {
    let alive = true;
    const timer = setTimeout(() => {
      const seriesKey = seriesKeyOf(series);
      if (!seriesKey) return;
      api.call('ml.anomalies', { seriesKey, limit: 1000 }).then(
        (list) => alive && setStoredAnomalies([...list].sort((a, b) => a.startMs - b.startMs)),
        () => alive && setStoredAnomalies(null),
      );
    }, 300);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [series, detected]);

  const train = async () => {
    setError(null);
    setTraining(true);
    setTrained(null);
    beginJob();
    try {
      const fp = Number(fpTarget) / 100;
      const result = await api.call('ml.train', { series: sourceOf(series), step, model, epochs, ...(model === 'autoencoder' && fp > 0 && fp < 0.5 ? { targetFalsePositiveRate: fp } : {}) });
      setTrained(result);
      void refreshModels();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setTraining(false);
    }
  };

  const runForecast = async () => {
    setError(null);
    setBusy('Forecasting…');
    beginForecastJob();
    try {
      setForecast(await api.call('ml.forecast', { series: sourceOf(series), step, horizon }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const runDetect = async () => {
    setError(null);
    setBusy('Looking for anomalies…');
    beginDetectJob();
    try {
      setDetected(await api.call('ml.detect', { series: sourceOf(series), step }));
      setFocus(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  /** The anomaly the chart is zoomed to (or a dragged window, index -1); null shows the whole series. */
  const [focus, setFocus] = useState<{ index: number; fromMs: number; toMs: number } | null>(null);
  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { key: 't', description: 'Forecast: train the model', run: () => void (training || train()) },
      { key: 'n', description: 'Forecast: zoom to the next anomaly', run: () => anomalies?.length && setFocus((f) => ({ index: ((f?.index ?? -1) + 1) % anomalies.length, ...anomalyWindow(anomalies[((f?.index ?? -1) + 1) % anomalies.length]!) })) },
      { key: 'p', description: 'Forecast: zoom to the previous anomaly', run: () => anomalies?.length && setFocus((f) => ({ index: ((f?.index ?? 0) - 1 + anomalies.length) % anomalies.length, ...anomalyWindow(anomalies[((f?.index ?? 0) - 1 + anomalies.length) % anomalies.length]!) })) },
      { key: '0', description: 'Forecast: show the whole series again', run: () => setFocus(null) },
    ],
    [anomalies, training], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useViewShortcuts(shortcuts);

  const loss = useMemo(() => {
    const epochsSeen = job.reports.filter((r) => typeof r.epoch === 'number') as { epoch: number; trainLoss: number; valLoss: number }[];
    const history = trained?.training?.history;
    const rows = history?.length ? history : epochsSeen;
    return { epochs: rows.map((r) => r.epoch), train: rows.map((r) => r.trainLoss), val: rows.map((r) => r.valLoss) };
  }, [job.reports, trained]);

  return (
    <section className="forecast-view" aria-label="Forecast">
      <div className="view-toolbar">
        <h1>Forecast</h1>
      </div>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          void train();
        }}
      >
        <label>
          Series{' '}
          <input aria-label="Series" list="forecast-series-options" value={series} onChange={(e) => setSeries(e.target.value)} size={36} title="total, device=ADDR, interface=ADDR:IF, link=ADDR:IF, demand=SRC->DST (add ,metric=pps), or a CSV file path on the host" />
          <datalist id="forecast-series-options">
            {suggestions.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          Step <input aria-label="Step" value={step} onChange={(e) => setStep(e.target.value)} size={5} />
        </label>
        <label>
          Model{' '}
          <select aria-label="Model" value={model} onChange={(e) => setModel(e.target.value as ModelKind)}>
            <option value="lstm">LSTM forecaster</option>
            <option value="transformer">Transformer forecaster</option>
            <option value="multi">Multi-horizon forecaster</option>
            <option value="autoencoder">Autoencoder anomaly detector</option>
          </select>
        </label>
        <label>
          Epochs <input aria-label="Epochs" type="number" min={1} max={1000} value={epochs} onChange={(e) => setEpochs(Number(e.target.value))} style={{ width: 70 }} />
        </label>
        {model === 'autoencoder' && (
          <label title="The detector's threshold is calibrated so that about this share of normal buckets would be flagged">
            False positives %{' '}
            <input aria-label="False-positive target" type="number" min={0.01} max={49} step="any" placeholder="auto" value={fpTarget} onChange={(e) => setFpTarget(e.target.value)} style={{ width: 70 }} />
          </label>
        )}
        <button type="submit" disabled={training}>
          Train
        </button>
        <label>
          Horizon <input aria-label="Horizon" value={horizon} onChange={(e) => setHorizon(e.target.value)} size={5} />
        </label>
        <button type="button" onClick={runForecast} disabled={training || !!busy}>
          Forecast
        </button>
        <button type="button" onClick={runDetect} disabled={training || !!busy}>
          Detect anomalies
        </button>
      </form>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {busy && <div role="status">{busy}</div>}
      {busy === 'Forecasting…' && <JobProgress info={forecastJob.info} running onCancel={() => void cancelForecastJob()} label="Forecast" />}
      {busy === 'Looking for anomalies…' && <JobProgress info={detectJob.info} running onCancel={() => void cancelDetectJob()} label="Detection" />}
      <JobProgress info={job.info} running={training} onCancel={() => void cancelJob()} label="Training" />
      {loss.epochs.length > 0 && (
        <div className="panel">
          <h2>Training loss</h2>
          <LossChart epochs={loss.epochs} train={loss.train} val={loss.val} />
        </div>
      )}
      {trained && <ModelMetrics model={trained} />}
      {forecast && (
        <div className="panel" data-testid="forecast-panel">
          <h2>
            Forecast for {forecast.series} ({forecast.model}, band {forecast.band})
          </h2>
          <ForecastChart forecast={forecast} actualColour={observedColour(theme)} />
        </div>
      )}
      {anomalies && (
        <div className="panel">
          <h2>
            {detectedHere ? 'Anomalies' : 'Stored anomalies'} ({anomalies.length})
          </h2>
          {!detectedHere && <p className="muted">Found by earlier detections on this series; run Detect anomalies to plot them against the series.</p>}
          {detectedHere?.actual && <AnomalyChart actual={detectedHere.actual} anomalies={anomalies} focus={focus} onFocus={setFocus} colour={observedColour(theme)} />}
          {anomalies.length === 0 ? (
            <p className="muted">None above the detector's threshold in this series.</p>
          ) : (
            <table className="data-table" data-testid="anomalies">
              <thead>
                <tr>
                  <th>start (UTC)</th>
                  <th>end</th>
                  <th className="num">score</th>
                  <th className="num">expected</th>
                  <th className="num">actual</th>
                  <th>why</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {anomalies.map((a, i) => (
                  <tr key={`${a.startMs}-${a.seriesKey}`} aria-selected={focus?.index === i} className={focus?.index === i ? 'selected' : undefined}>
                    <td>
                      <button className="link-button" title="Zoom the chart to this anomaly" onClick={() => setFocus({ index: i, ...anomalyWindow(a) })}>
                        {new Date(a.startMs).toISOString().replace('T', ' ').slice(0, 19)}
                      </button>
                    </td>
                    <td>{new Date(a.endMs).toISOString().replace('T', ' ').slice(new Date(a.endMs).toISOString().slice(0, 10) === new Date(a.startMs).toISOString().slice(0, 10) ? 11 : 0, 19)}</td>
                    <td className="num">{a.score.toFixed(2)}</td>
                    <td className="num">{a.expected.toPrecision(4)}</td>
                    <td className="num">{a.actual.toPrecision(4)}</td>
                    <td className="wrap">{a.explanation}</td>
                    <td>
                      <button
                        className="link-button"
                        onClick={() => {
                          const pad = Math.max(600_000, a.endMs - a.startMs);
                          const from = a.flows?.fromMs ?? a.startMs - pad;
                          const to = a.flows?.toMs ?? a.endMs + pad;
                          navigate('flows', { from: new Date(from).toISOString(), to: new Date(to).toISOString(), ...(a.flows?.filter ? { filter: a.flows.filter } : {}) });
                        }}
                      >
                        flows at this time →
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <div className="panel">
        <h2>Trained models ({models.length})</h2>
        {models.length === 0 ? (
          <p className="muted">No models yet. Train one above; models are stored with the flows database.</p>
        ) : (
          <table className="data-table compact" data-testid="models">
            <thead>
              <tr>
                <th>model</th>
                <th>kind</th>
                <th>series</th>
                <th>step</th>
                <th>trained</th>
                <th>backend</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.modelId}>
                  <td>
                    <code>{m.modelId.slice(0, 10)}</code>
                  </td>
                  <td>{m.kind}</td>
                  <td>
                    <button className="link-button" onClick={() => setSeries(m.seriesKey.startsWith('csv:') ? series : m.seriesKey)}>
                      {m.seriesName}
                    </button>
                  </td>
                  <td>{m.stepMs / 1000} s</td>
                  <td>{m.createdAt.replace('T', ' ').slice(0, 19)}</td>
                  <td>{m.backend ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

function LossChart({ epochs, train, val }: { epochs: number[]; train: number[]; val: number[] }) {
  return (
    <div data-testid="loss-chart">
      <TimeChart
        times={epochs}
        formatX={(e) => (Number.isInteger(e) ? `epoch ${e}` : '')}
        series={[
          { name: 'training loss', values: train, colour: '#4e79a7' },
          { name: 'validation loss', values: val, colour: '#e15759' },
        ]}
        height={180}
        formatValue={(v) => v.toPrecision(3)}
      />
    </div>
  );
}

function ModelMetrics({ model }: { model: MlTrainResult }) {
  return (
    <div className="panel" data-testid="model-metrics">
      <h2>
        {model.kind} on {model.seriesName}: {model.training ? `${model.training.epochsRun} epochs in ${model.training.seconds.toFixed(1)} s${model.training.stoppedEarly ? ' (stopped early)' : ''}` : ''} · tfjs {model.backend ?? '—'}
      </h2>
      {model.detector && (
        <p>
          Detector threshold {model.detector.threshold.toPrecision(4)} for a {(model.detector.targetFalsePositiveRate * 100).toFixed(1)} % false-positive target (calibrated {(model.detector.calibrationRate * 100).toFixed(1)} % on {model.detector.calibrationPoints} points).
        </p>
      )}
      {model.metrics.length > 0 && (
        <table className="data-table compact">
          <thead>
            <tr>
              <th>horizon</th>
              <th className="num">model MAE</th>
              <th className="num">RMSE</th>
              <th className="num">MAPE</th>
              {model.metrics[0]!.baselines.map((b) => (
                <th key={b.name} className="num">
                  {b.name} MAE
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {model.metrics.map((h) => (
              <tr key={h.steps}>
                <td>{h.label}</td>
                <td className="num">{h.model.mae.toPrecision(4)}</td>
                <td className="num">{h.model.rmse.toPrecision(4)}</td>
                <td className="num">{Number.isFinite(h.model.mape) ? `${(h.model.mape * 100).toFixed(1)} %` : '—'}</td>
                {h.baselines.map((b) => (
                  <td key={b.name} className="num" title={b.unavailable}>
                    {b.metrics ? b.metrics.mae.toPrecision(4) : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {model.csv && (
        <p className="muted">
          CSV: {model.csv.accepted} of {model.csv.rows} rows used
          {Object.keys(model.csv.rejected).length ? `; rejected: ${Object.entries(model.csv.rejected).map(([k, v]) => `${v} ${k}`).join(', ')}` : ''}
        </p>
      )}
    </div>
  );
}

/** The scored series with each anomaly shaded; zoomed to the focused anomaly or a dragged window. */
function AnomalyChart({ actual, anomalies, focus, onFocus, colour }: { actual: NonNullable<MlDetectResult['actual']>; anomalies: MlAnomaly[]; colour: string; focus: { index: number; fromMs: number; toMs: number } | null; onFocus(f: { index: number; fromMs: number; toMs: number } | null): void }) {
  const shown = useMemo(() => sliceSeries(actual, focus), [actual, focus]);
  return (
    <div data-testid="anomaly-chart" data-from-ms={shown.times[0] ?? ''} data-to-ms={shown.times.at(-1) ?? ''} data-focus={focus?.index ?? ''}>
      <div className="view-toolbar">
        <span className="muted">
          {focus ? (focus.index >= 0 ? `Anomaly ${focus.index + 1} of ${anomalies.length}` : 'Zoomed') : 'Whole series'} · drag to zoom · n / p: next / previous anomaly
        </span>
        {focus && <button onClick={() => onFocus(null)}>Show all</button>}
      </div>
      <TimeChart
        times={shown.times}
        series={[{ name: 'observed', values: shown.values, colour }]}
        marks={anomalies
          .map((a, i) => ({ fromMs: a.startMs, toMs: a.endMs, label: `anomaly ${i + 1}: ${a.explanation}` }))
          .filter((m) => shown.times.length > 0 && m.toMs >= shown.times[0]! && m.fromMs <= shown.times.at(-1)!)}
        onZoom={(fromMs, toMs) => onFocus({ index: -1, fromMs, toMs })}
        height={200}
      />
    </div>
  );
}

/** The observed series, then the forecast with its band and the baselines over the same future. */
function ForecastChart({ forecast, actualColour }: { forecast: MlForecastResult; actualColour: string }) {
  const { actual, points } = forecast;
  const past = actual.values.map((_, i) => actual.fromMs + i * actual.stepMs);
  const gap = (n: number) => new Array<number>(n).fill(NaN);
  const ahead = (pick: (p: MlForecastResult['points'][number]) => number | null) => [...gap(past.length), ...points.map((p) => pick(p) ?? NaN)];
  // The forecast line starts at the last observation so the two read as one curve.
  const lastActual = actual.values.at(-1) ?? null;
  const forecastLine = [...gap(Math.max(0, past.length - 1)), ...(past.length ? [lastActual ?? NaN] : []), ...points.map((p) => p.value)];
  return (
    <TimeChart
      testId="forecast-chart"
      times={[...past, ...points.map((p) => p.timeMs)]}
      band={{ name: `forecast band (${forecast.band})`, lower: ahead((p) => p.lower), upper: ahead((p) => p.upper) }}
      series={[
        { name: 'actual', values: [...actual.values.map((v) => v ?? NaN), ...gap(points.length)], colour: actualColour },
        { name: 'forecast', values: forecastLine, colour: '#4e79a7' },
        { name: 'seasonal naive (daily)', values: ahead((p) => p.baselines.seasonalNaiveDaily), colour: '#f28e2b', dashed: true },
        { name: 'seasonal naive (weekly)', values: ahead((p) => p.baselines.seasonalNaiveWeekly), colour: '#59a14f', dashed: true },
        { name: 'Holt-Winters', values: ahead((p) => p.baselines.holtWinters), colour: '#b07aa1', dashed: true },
      ]}
      yLabel={forecast.series}
    />
  );
}
