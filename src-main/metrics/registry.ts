// Every component exports metrics: it registers a function returning its current families,
// and `/metrics` (Prometheus text) and the UI read them from here.

export type MetricType = 'counter' | 'gauge';

export interface MetricSample {
  labels?: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string; // netweaver_<component>_<what>[_total]
  help: string;
  type: MetricType;
  samples: MetricSample[];
}

export type MetricSource = () => MetricFamily[];

export class MetricsRegistry {
  private sources = new Map<string, MetricSource>();

  register(component: string, source: MetricSource): () => void {
    this.sources.set(component, source);
    return () => this.sources.delete(component);
  }

  collect(): MetricFamily[] {
    const families: MetricFamily[] = [];
    for (const [component, source] of this.sources) {
      try {
        families.push(...source());
      } catch (error) {
        families.push({
          name: 'netweaver_metrics_source_errors',
          help: 'Metric sources that failed to report',
          type: 'gauge',
          samples: [{ labels: { component, error: (error as Error).message }, value: 1 }],
        });
      }
    }
    return families;
  }
}
