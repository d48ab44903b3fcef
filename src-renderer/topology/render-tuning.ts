// What we change in sigma 3's per-frame work so a large map pans smoothly, measured with the
// Chrome DevTools Protocol in `npm run bench -- ui` (see the README's Performance table):
//  - no picking pass: sigma redraws every node (and edge) into an offscreen framebuffer and
//    allocates a fresh full-size picking texture on every frame; our programs get no picking
//    buffer and hover/click are answered on the CPU by map-picking.ts;
//  - fewer layers to composite: sigma stacks seven full-size canvases and clears them all on
//    every frame; the compositor then blends every layer of the frame (on a software GPU that
//    costs about as much as drawing the map). The hover layers and the edge-label layer (which
//    we use for the failed-link dashes) are cleared only when something was drawn there, and
//    are taken out of the page (display: none) while they are empty.
//  - links are not re-rasterised on every frame of a pan or zoom: while the camera moves, the
//    links layer keeps its last image, moved by a CSS transform by exactly the pan and scaled by
//    exactly the zoom (so links and their colours stay on screen and in place; a zoomed image is
//    softer until it is redrawn), and is redrawn when the motion settles, when the image no
//    longer covers three quarters of the view, past a zoom of 2×, or on rotation/data changes.
//    On maps of NODE_IMAGE_REUSE_MIN devices or more the devices layer is shifted the same way
//    (redrawing 10k discs was most of what remained of a 10k-device pan frame); smaller maps
//    redraw their devices every frame. Device labels are left out while the camera moves and
//    come back when it settles. On a software GPU, redrawing 100k link bars was 90 % of a
//    10k-device frame.
// sigma keeps these members private in its typings; they are reached through one typed view
// and checked, so a sigma upgrade that moves them fails loudly here instead of silently.
import type Sigma from 'sigma';
import { NodeCircleProgram } from 'sigma/rendering';
import { MapPicker, type MapProjection } from './map-picking.js';
import { reuseTransform } from './reuse-transform.js';

/** sigma's disc program without a picking pass. */
export class NodeDiscProgram extends NodeCircleProgram {
  constructor(gl: WebGLRenderingContext, _pickingBuffer: WebGLFramebuffer | null, renderer: Sigma) {
    super(gl, null, renderer);
  }
}

interface SigmaInternals {
  pickingLayers: Set<string>;
  webGLContexts: Record<'nodes' | 'edges' | 'hoverNodes', WebGLRenderingContext>;
  canvasContexts: Record<'labels' | 'hovers' | 'edgeLabels', CanvasRenderingContext2D>;
  width: number;
  height: number;
  hoveredNode: string | null;
  highlightedNodes: Set<string>;
  getNodeAtPosition(p: { x: number; y: number }): string | null;
  getEdgeAtPoint(x: number, y: number): string | null;
  clear(): unknown;
  edgePrograms: Record<string, { render(params: unknown): void }>;
  nodePrograms: Record<string, { render(params: unknown): void }>;
  renderHighlightedNodes(): void;
  renderLabels(): unknown;
  emit(event: string): void;
}

function internalsOf(sigma: Sigma): SigmaInternals {
  const s = sigma as unknown as SigmaInternals;
  const ok =
    s.pickingLayers instanceof Set &&
    typeof s.getNodeAtPosition === 'function' &&
    typeof s.getEdgeAtPoint === 'function' &&
    typeof s.renderHighlightedNodes === 'function' &&
    !!s.webGLContexts?.hoverNodes &&
    !!s.canvasContexts?.edgeLabels &&
    typeof s.edgePrograms === 'object' &&
    typeof s.nodePrograms === 'object' &&
    typeof s.renderLabels === 'function';
  if (!ok) throw new Error('topology: this sigma version does not expose the renderer internals render-tuning.ts expects (written for sigma 3.0)');
  return s;
}

/** sigma as the picker sees it: framed coordinates, display data after reducers. */
export function sigmaProjection(sigma: Sigma): MapProjection {
  const graph = sigma.getGraph();
  return {
    nodes: () => graph.nodes(),
    edges: () => graph.edges(),
    extremities: (edge) => graph.extremities(edge) as [string, string],
    nodeDisplay: (node) => sigma.getNodeDisplayData(node),
    edgeDisplay: (edge) => sigma.getEdgeDisplayData(edge),
    framedToViewport: (p) => sigma.framedGraphToViewport(p),
    viewportToFramed: (p) => sigma.viewportToFramedGraph(p),
    nodeRadius: (size) => sigma.scaleSize(size),
    sizeUnit: () => {
      const p = sigma.getRenderParams();
      return p.correctionRatio / p.sizeRatio;
    },
  };
}

export interface TunedSigma {
  picker: MapPicker;
  /** The layer between links and devices, for overlays drawn over links (failed dashes). */
  linkOverlay: CanvasRenderingContext2D;
  /** Tell the lean clear that the overlay holds a drawing (or no longer does). */
  setOverlayDrawn(drawn: boolean): void;
  /** Whether pans reuse the last links image (on by default; the benchmark measures both). */
  deferLinks: boolean;
}

/** Quiet time after the last camera move before the links are redrawn exactly. */
const SETTLE_MS = 120;
/** From this many devices, pans also reuse the devices image (below it, redrawing them is cheap). */
const NODE_IMAGE_REUSE_MIN = 1000;

export function tuneSigma(sigma: Sigma): TunedSigma {
  const s = internalsOf(sigma);
  const graph = sigma.getGraph();
  const picker = new MapPicker(sigmaProjection(sigma));

  // 1. Picking on the CPU; no picking texture is reallocated per frame.
  s.pickingLayers.clear();
  s.getNodeAtPosition = (p) => picker.nodeAt(p.x, p.y);
  s.getEdgeAtPoint = (x, y) => picker.edgeAt(x, y);
  const invalidate = () => picker.invalidate();
  sigma.on('afterProcess', invalidate);
  for (const ev of ['nodeAdded', 'nodeDropped', 'edgeAdded', 'edgeDropped', 'nodeAttributesUpdated', 'eachNodeAttributesUpdated', 'cleared'] as const) graph.on(ev, invalidate);
  sigma.on('kill', () => {
    for (const ev of ['nodeAdded', 'nodeDropped', 'edgeAdded', 'edgeDropped', 'nodeAttributesUpdated', 'eachNodeAttributesUpdated', 'cleared'] as const) graph.off(ev, invalidate);
  });

  // 2. Clear only layers that hold something; empty ones leave the composited frame.
  const canvases = sigma.getCanvases();
  const show = (ids: string[], shown: boolean) => {
    for (const id of ids) {
      const el = canvases[id];
      if (el && (el.style.display === 'none') === shown) el.style.display = shown ? '' : 'none';
    }
  };
  let hoverDrawn = true;
  let overlayDrawn = true;
  const renderHighlighted = s.renderHighlightedNodes.bind(sigma);
  s.renderHighlightedNodes = () => {
    const wanted = !!s.hoveredNode || s.highlightedNodes.size > 0;
    if (!wanted && !hoverDrawn) return;
    renderHighlighted();
    hoverDrawn = wanted;
    show(['hovers', 'hoverNodes'], wanted);
  };
  // 3. Reuse the links image while the camera only translates.
  const camera = sigma.getCamera();
  const edgesCanvas = canvases.edges!;
  const nodesCanvas = canvases.nodes!;
  let drawn: { angle: number; ref: { x: number; y: number }; ref2: { x: number; y: number } } | null = null;
  for (const el of [edgesCanvas, nodesCanvas]) el.style.transformOrigin = '0 0';
  let reuseEdges = false;
  let reuseNodes = false;
  let labelsHidden = false;
  // Moving: the camera changed since the last frame (frames can be slower than SETTLE_MS on a
  // software GPU, so "recently" alone would call every frame of a slow pan a still one).
  let movedSinceRender = false;
  let settle: ReturnType<typeof setTimeout> | null = null;
  // Two fixed points of the framed graph: where they land on screen gives the pan and the zoom.
  const REF = { x: 0.5, y: 0.5 };
  const REF2 = { x: 0.75, y: 0.5 };
  const tuned: TunedSigma = {
    picker,
    linkOverlay: s.canvasContexts.edgeLabels,
    setOverlayDrawn: (isDrawn) => {
      overlayDrawn = isDrawn;
      show(['edgeLabels'], isDrawn);
    },
    deferLinks: true,
  };
  const forceRedraw = () => (drawn = null);
  sigma.on('beforeProcess', forceRedraw);
  sigma.on('resize', forceRedraw);
  camera.on('updated', () => {
    movedSinceRender = true;
    if (settle) clearTimeout(settle);
    settle = null;
  });
  // Armed after a frame drawn "moving" (so never before the last moving frame has rendered):
  // if the camera stays still for SETTLE_MS, draw the exact frame.
  // A pan delivers one camera move per displayed frame; when frames are slow, "still" must
  // mean a few frame intervals without a move, not a fixed time.
  let lastRenderAt = 0;
  let frameInterval = 0;
  const armSettle = () => {
    if (settle) clearTimeout(settle);
    settle = setTimeout(
      () => {
        settle = null;
        sigma.scheduleRender();
      },
      Math.max(SETTLE_MS, 3 * frameInterval),
    );
  };
  sigma.on('kill', () => settle && clearTimeout(settle));
  sigma.on('beforeRender', () => {
    const cam = camera.getState();
    reuseEdges = false;
    reuseNodes = false;
    const moving = tuned.deferLinks && movedSinceRender;
    movedSinceRender = false;
    if (moving !== labelsHidden) show(['labels'], !moving);
    labelsHidden = moving;
    if (!moving || !drawn || cam.angle !== drawn.angle) return;
    const transform = reuseTransform(drawn, sigma.framedGraphToViewport(REF), sigma.framedGraphToViewport(REF2), sigma.getDimensions());
    if (!transform) return;
    reuseEdges = true;
    edgesCanvas.style.transform = transform;
    reuseNodes = graph.order >= NODE_IMAGE_REUSE_MIN;
    if (reuseNodes) nodesCanvas.style.transform = edgesCanvas.style.transform;
  });
  const renderLabels = s.renderLabels.bind(sigma);
  s.renderLabels = () => (labelsHidden ? sigma : renderLabels());
  for (const program of Object.values(s.edgePrograms)) {
    const render = program.render.bind(program);
    program.render = (params) => {
      if (reuseEdges) return;
      render(params);
    };
  }
  for (const program of Object.values(s.nodePrograms)) {
    const render = program.render.bind(program);
    program.render = (params) => {
      if (reuseNodes) return;
      render(params);
    };
  }
  sigma.on('afterRender', () => {
    const now = performance.now();
    frameInterval = Math.min(1000, now - lastRenderAt);
    lastRenderAt = now;
    if (reuseEdges || labelsHidden) armSettle();
    if (reuseEdges) return;
    drawn = { angle: camera.getState().angle, ref: sigma.framedGraphToViewport(REF), ref2: sigma.framedGraphToViewport(REF2) };
    if (edgesCanvas.style.transform) edgesCanvas.style.transform = '';
    if (nodesCanvas.style.transform) nodesCanvas.style.transform = '';
  });

  s.clear = () => {
    s.emit('beforeClear');
    const { nodes, edges, hoverNodes } = s.webGLContexts;
    if (!reuseNodes) {
      nodes.bindFramebuffer(nodes.FRAMEBUFFER, null);
      nodes.clear(nodes.COLOR_BUFFER_BIT);
    }
    if (!reuseEdges) {
      edges.bindFramebuffer(edges.FRAMEBUFFER, null);
      edges.clear(edges.COLOR_BUFFER_BIT);
    }
    if (!labelsHidden) s.canvasContexts.labels.clearRect(0, 0, s.width, s.height);
    if (hoverDrawn) {
      hoverNodes.clear(hoverNodes.COLOR_BUFFER_BIT);
      s.canvasContexts.hovers.clearRect(0, 0, s.width, s.height);
      hoverDrawn = false;
      show(['hovers', 'hoverNodes'], false);
    }
    if (overlayDrawn) {
      s.canvasContexts.edgeLabels.clearRect(0, 0, s.width, s.height);
      overlayDrawn = false;
      show(['edgeLabels'], false);
    }
    s.emit('afterClear');
    return sigma;
  };

  return tuned;
}
