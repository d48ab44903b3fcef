// The map itself: a sigma (WebGL) renderer over the graphology model. Hover shows a tooltip,
// click selects, devices can be dragged; a focus set (search hit, N-hop neighbourhood, path)
// dims everything else; failed links get a dashed overlay drawn on a 2D canvas above WebGL.
import { EdgeCurvedArrowProgram } from '@sigma/edge-curve';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import Sigma from 'sigma';
import type { TopologyGraph } from './graph-model.js';

export interface HoverInfo {
  kind: 'node' | 'edge';
  key: string;
  x: number;
  y: number;
}

export interface TopologyCanvasHandle {
  fit(): void;
  focusNode(id: string): void;
  sigma(): Sigma | null;
}

export interface TopologyCanvasProps {
  graph: TopologyGraph;
  theme: 'light' | 'dark';
  /** When set, nodes outside it (and edges not between two of them) are dimmed. */
  focus: ReadonlySet<string> | null;
  /** Edges to draw emphasised (a selected path); others dim when this is set. */
  highlightEdges?: ReadonlySet<string> | null;
  selected: string | null;
  onHover(info: HoverInfo | null): void;
  onClickNode(id: string): void;
  onClickEdge(key: string): void;
  onClickStage(): void;
  onNodeMoved?(): void;
  handleRef?: Ref<TopologyCanvasHandle>;
}

/** Beyond this many edges, edge hover/click picking is off: it costs a second render pass. */
const EDGE_EVENTS_LIMIT = 20_000;

export function TopologyCanvas(props: TopologyCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const sigmaRef = useRef<Sigma | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const [error, setError] = useState<string | null>(null);

  useImperativeHandle(props.handleRef, () => ({
    fit: () => void sigmaRef.current?.getCamera().animatedReset({ duration: 300 }),
    focusNode: (id: string) => {
      const s = sigmaRef.current;
      if (!s || !props.graph.hasNode(id)) return;
      const pos = s.getNodeDisplayData(id);
      if (pos) void s.getCamera().animate({ x: pos.x, y: pos.y, ratio: Math.min(s.getCamera().ratio, 0.25) }, { duration: 400 });
    },
    sigma: () => sigmaRef.current,
  }));

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const graph = props.graph;
    let sigma: Sigma;
    try {
      sigma = new Sigma(graph, el, {
        allowInvalidContainer: true,
        renderEdgeLabels: false,
        enableEdgeEvents: graph.size <= EDGE_EVENTS_LIMIT,
        hideLabelsOnMove: graph.order > 2000,
        // Very large maps pan with devices only and redraw links when the motion stops: software
        // WebGL cannot redraw 100k curved arcs per frame.
        hideEdgesOnMove: graph.size > 20_000,
        defaultEdgeType: 'line',
        edgeProgramClasses: { curvedArrow: EdgeCurvedArrowProgram },
        labelRenderedSizeThreshold: graph.order > 2000 ? 10 : graph.order > 300 ? 6 : 0,
        labelDensity: 0.8,
        zIndex: true,
        minEdgeThickness: 0.6,
        itemSizesReference: 'screen',
        autoRescale: true,
      });
    } catch (e) {
      setError(`topology: could not start the WebGL renderer: ${(e as Error).message}`);
      return;
    }
    sigmaRef.current = sigma;
    setError(null);

    sigma.setSetting('nodeReducer', (node, data) => {
      const { focus, selected } = propsRef.current;
      const res = { ...data } as typeof data & { highlighted?: boolean; zIndex?: number };
      if (node === selected) {
        res.highlighted = true;
        res.zIndex = 2;
      }
      if (focus && !focus.has(node)) {
        res.color = propsRef.current.theme === 'dark' ? '#30363d' : '#d8dde3';
        res.label = '';
        res.zIndex = 0;
      } else if (focus) {
        res.zIndex = 1;
        res.forceLabel = focus.size <= 60;
      }
      return res;
    });
    sigma.setSetting('edgeReducer', (edge, data) => {
      const { focus, highlightEdges } = propsRef.current;
      const res = { ...data } as typeof data & { zIndex?: number };
      const [s, t] = graph.extremities(edge);
      const outOfFocus = (focus && !(focus.has(s) && focus.has(t))) || (highlightEdges && !highlightEdges.has(edge));
      if (outOfFocus) {
        res.color = propsRef.current.theme === 'dark' ? '#21262d' : '#e4e8ec';
        res.zIndex = 0;
      } else if (highlightEdges) {
        res.size = (data.size ?? 1) + 2;
        res.zIndex = 2;
      }
      return res;
    });

    sigma.on('enterNode', ({ node, event }) => propsRef.current.onHover({ kind: 'node', key: node, x: event.x, y: event.y }));
    sigma.on('leaveNode', () => propsRef.current.onHover(null));
    sigma.on('enterEdge', ({ edge, event }) => propsRef.current.onHover({ kind: 'edge', key: edge, x: event.x, y: event.y }));
    sigma.on('leaveEdge', () => propsRef.current.onHover(null));
    sigma.on('clickNode', ({ node }) => propsRef.current.onClickNode(node));
    sigma.on('clickEdge', ({ edge }) => propsRef.current.onClickEdge(edge));
    sigma.on('clickStage', () => propsRef.current.onClickStage());

    // Dragging a device moves it (and the layout remembers it).
    let dragged: string | null = null;
    sigma.on('downNode', ({ node }) => {
      dragged = node;
      graph.setNodeAttribute(node, 'highlighted', true);
    });
    sigma.getMouseCaptor().on('mousemovebody', (e) => {
      if (!dragged) return;
      const pos = sigma.viewportToGraph(e);
      graph.mergeNodeAttributes(dragged, { x: pos.x, y: pos.y });
      e.preventSigmaDefault();
      e.original.preventDefault();
      e.original.stopPropagation();
    });
    const endDrag = () => {
      if (!dragged) return;
      graph.removeNodeAttribute(dragged, 'highlighted');
      dragged = null;
      propsRef.current.onNodeMoved?.();
    };
    sigma.getMouseCaptor().on('mouseup', endDrag);

    // Failed links: grey in WebGL, plus a dashed stroke drawn above so "failed" reads at a glance.
    const overlay = sigma.createCanvasContext('failed-dashes', { style: { pointerEvents: 'none' } as Partial<CSSStyleDeclaration> }).getCanvases()['failed-dashes']!;
    const drawFailed = () => {
      const ctx = overlay.getContext('2d');
      if (!ctx) return;
      const dpr = window.devicePixelRatio || 1;
      const { width, height } = sigma.getDimensions();
      if (overlay.width !== Math.round(width * dpr)) {
        overlay.width = Math.round(width * dpr);
        overlay.height = Math.round(height * dpr);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      ctx.setLineDash([6, 5]);
      ctx.lineWidth = 2;
      ctx.strokeStyle = propsRef.current.theme === 'dark' ? '#0d1117' : '#ffffff';
      // Hidden while nothing is failed: a cleared overlay was not always repainted, and a
      // failure's dashes stayed on screen after it ended (simulate map, Chromium).
      let any = false;
      graph.forEachEdge((_edge, attrs, s, t) => {
        if (!attrs.failed) return;
        any = true;
        const a = sigma.graphToViewport(graph.getNodeAttributes(s));
        const b = sigma.graphToViewport(graph.getNodeAttributes(t));
        ctx.beginPath();
        ctx.moveTo(a.x, a.y);
        if (attrs.curvature) {
          // The curve program's control point: the midpoint pushed sideways by curvature × length.
          const dx = b.x - a.x;
          const dy = b.y - a.y;
          const len = Math.hypot(dx, dy);
          const cx = (a.x + b.x) / 2 + (dy / (len || 1)) * attrs.curvature * len;
          const cy = (a.y + b.y) / 2 - (dx / (len || 1)) * attrs.curvature * len;
          ctx.quadraticCurveTo(cx, cy, b.x, b.y);
        } else ctx.lineTo(b.x, b.y);
        ctx.stroke();
      });
      overlay.style.visibility = any ? 'visible' : 'hidden';
    };
    sigma.on('afterRender', drawFailed);
    // The first frame of a newly opened topology, for the benchmark and anyone profiling.
    sigma.once('afterRender', () => performance.mark('topology:first-frame'));

    // For tests and the benchmark: what is drawn, without reaching into React.
    (window as unknown as { __netweaverTopology?: unknown }).__netweaverTopology = { sigma, graph };
    el.dataset.nodes = String(graph.order);
    el.dataset.edges = String(graph.size);

    return () => {
      sigmaRef.current = null;
      sigma.kill();
    };
  }, [props.graph]);

  useEffect(() => {
    sigmaRef.current?.setSetting('labelColor', { color: props.theme === 'dark' ? '#e6edf3' : '#1b1f24' });
  }, [props.theme, props.graph]);
  useEffect(() => {
    sigmaRef.current?.refresh({ skipIndexation: true });
  }, [props.focus, props.highlightEdges, props.selected, props.theme]);

  return (
    <div className="topology-canvas" ref={container} data-testid="topology-canvas">
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
