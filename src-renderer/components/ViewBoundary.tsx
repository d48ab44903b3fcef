// One view's error boundary: a crash while drawing a view shows a readable message inside that
// view (what failed, where, and a way back), while the header and navigation stay usable. The
// shell keys it by area, so moving to another area and back starts the view afresh.
// `#/AREA?selftest=crash` makes the view throw on purpose: the self-test of this display.
import { Component, type ReactNode } from 'react';

interface Props {
  area: string;
  title: string;
  /** The route's parameters: when they change (the link below, back/forward), the view is tried again. */
  resetKey: string;
  children: ReactNode;
}

export function describeViewError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : 'an unknown error (not an Error object) was thrown';
}

export class ViewBoundary extends Component<Props, { error: unknown }> {
  override state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error: error ?? new Error('null was thrown') };
  }
  override componentDidUpdate(previous: Props) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }
  override componentDidCatch(error: unknown) {
    console.error(`ui: the ${this.props.title} view crashed:`, error);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    const stack = this.state.error instanceof Error ? this.state.error.stack?.split('\n').slice(1, 6).join('\n') : undefined;
    return (
      <div className="view-error" role="alert" data-testid="view-error">
        <h2>The {this.props.title} view stopped: {describeViewError(this.state.error)}</h2>
        <p>The rest of NetWeaver still works: pick another area in the navigation, or try this view again. Nothing stored was lost.</p>
        <button onClick={() => this.setState({ error: null })}>Try again</button>{' '}
        <a href={`#/${this.props.area}`}>Reset this view</a>
        {stack && (
          <details>
            <summary>Details for a bug report</summary>
            <pre>{stack}</pre>
          </details>
        )}
      </div>
    );
  }
}

/** Throws while rendering when the route asks for the error display's self-test. */
export function SelfTestCrash({ params }: { params: URLSearchParams }) {
  if (params.get('selftest') === 'crash') throw new Error('ui: self-test crash requested by the URL (selftest=crash)');
  return null;
}
