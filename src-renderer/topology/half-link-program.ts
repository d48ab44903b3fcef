// The WebGL program that draws links the way Network Weathermap does: each direction of a link
// is a straight bar from its source device to the link's midpoint, coloured by that
// direction's utilisation, so A→B reads on A's half and B→A on B's half. Parallel links
// between the same two devices are shifted sideways by a constant number of pixels ("lanes"),
// so they stay apart at any zoom. A one-way link is drawn full length.
//
// Why not curves: @sigma/edge-curve shades a bounding box per arc with a Bézier distance per
// fragment; on a software GPU that alone cost most of a frame. A straight bar costs its length
// times its width with a trivial fragment shader. The program never draws a picking pass
// (picking is done on the CPU, see map-picking.ts), so it hands sigma no picking framebuffer.
import type Sigma from 'sigma';
import { EdgeProgram } from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';

/** Edge display attributes this program reads besides sigma's own (size, color). */
export interface HalfLinkData {
  /** Sideways shift of this direction's bar, in edge-size units, relative to its own direction. */
  lane?: number;
  /** True when the link has both directions: draw source → midpoint only. */
  half?: boolean;
}

const VERTEX = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_source;
attribute vec2 a_target;
attribute vec2 a_normal;
attribute float a_thickness;
attribute float a_lane;
attribute float a_end;
attribute float a_positionCoef;
attribute float a_normalCoef;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_zoomRatio;
uniform float u_pixelRatio;
uniform float u_correctionRatio;
uniform float u_minEdgeThickness;
uniform float u_feather;

varying vec4 v_color;
varying float v_normalCoef;
varying float v_thickness;
varying float v_feather;

const float bias = 255.0 / 254.0;

void main() {
  // The unit normal comes from the CPU: per-vertex square roots are not free on a software GPU.
  vec2 position = a_source + (a_target - a_source) * (a_positionCoef * a_end);
  vec2 unitNormal = a_normal;

  // Thickness and lane shift as sigma's rectangle program converts sizes: pixels on screen
  // whatever the zoom (the correction ratio undoes the camera's scale).
  float pixelsThickness = max(a_thickness, u_minEdgeThickness * u_sizeRatio);
  float webGLThickness = pixelsThickness * u_correctionRatio / u_sizeRatio;
  float webGLLane = a_lane * u_correctionRatio / u_sizeRatio;

  gl_Position = vec4((u_matrix * vec3(position + unitNormal * (webGLLane + a_normalCoef * webGLThickness), 1.0)).xy, 0.0, 1.0);

  v_thickness = webGLThickness / u_zoomRatio;
  v_normalCoef = a_normalCoef;
  v_feather = u_feather * u_correctionRatio / u_zoomRatio / u_pixelRatio * 2.0;
  v_color = a_color;
  v_color.a *= bias;
}
`;

const FRAGMENT = /* glsl */ `
precision mediump float;

varying vec4 v_color;
varying float v_normalCoef;
varying float v_thickness;
varying float v_feather;

const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);

void main(void) {
  float dist = abs(v_normalCoef) * v_thickness;
  float t = smoothstep(v_thickness - v_feather, v_thickness, dist);
  gl_FragColor = mix(v_color, transparent, t);
}
`;

const { UNSIGNED_BYTE, FLOAT, TRIANGLES } = WebGLRenderingContext;
const UNIFORMS = ['u_matrix', 'u_zoomRatio', 'u_sizeRatio', 'u_correctionRatio', 'u_pixelRatio', 'u_feather', 'u_minEdgeThickness'] as const;
type Uniform = (typeof UNIFORMS)[number];

export class HalfLinkProgram extends EdgeProgram<Uniform> {
  constructor(gl: WebGLRenderingContext, _pickingBuffer: WebGLFramebuffer | null, renderer: Sigma) {
    // No picking framebuffer: no second (picking) pass on every frame.
    super(gl, null, renderer);
  }

  getDefinition() {
    return {
      VERTICES: 6,
      VERTEX_SHADER_SOURCE: VERTEX,
      FRAGMENT_SHADER_SOURCE: FRAGMENT,
      METHOD: TRIANGLES,
      UNIFORMS,
      ATTRIBUTES: [
        { name: 'a_source', size: 2, type: FLOAT },
        { name: 'a_target', size: 2, type: FLOAT },
        { name: 'a_normal', size: 2, type: FLOAT },
        { name: 'a_thickness', size: 1, type: FLOAT },
        { name: 'a_lane', size: 1, type: FLOAT },
        { name: 'a_end', size: 1, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
      CONSTANT_ATTRIBUTES: [
        { name: 'a_positionCoef', size: 1, type: FLOAT },
        { name: 'a_normalCoef', size: 1, type: FLOAT },
      ],
      CONSTANT_DATA: [[0, 1], [0, -1], [1, 1], [1, 1], [0, -1], [1, -1]],
    };
  }

  processVisibleItem(edgeIndex: number, startIndex: number, source: NodeDisplayData, target: NodeDisplayData, data: EdgeDisplayData & HalfLinkData): void {
    const a = this.array;
    const dx = target.x - source.x, dy = target.y - source.y;
    const len = Math.hypot(dx, dy);
    a[startIndex++] = source.x;
    a[startIndex++] = source.y;
    a[startIndex++] = target.x;
    a[startIndex++] = target.y;
    a[startIndex++] = len > 0 ? -dy / len : 0;
    a[startIndex++] = len > 0 ? dx / len : 1;
    a[startIndex++] = data.size || 1;
    a[startIndex++] = data.lane ?? 0;
    a[startIndex++] = data.half ? 0.5 : 1;
    a[startIndex++] = floatColor(data.color);
    a[startIndex++] = edgeIndex;
  }

  setUniforms(params: RenderParams, { gl, uniformLocations }: { gl: WebGLRenderingContext; uniformLocations: Record<Uniform, WebGLUniformLocation> }): void {
    gl.uniformMatrix3fv(uniformLocations.u_matrix, false, params.matrix);
    gl.uniform1f(uniformLocations.u_zoomRatio, params.zoomRatio);
    gl.uniform1f(uniformLocations.u_sizeRatio, params.sizeRatio);
    gl.uniform1f(uniformLocations.u_correctionRatio, params.correctionRatio);
    gl.uniform1f(uniformLocations.u_pixelRatio, params.pixelRatio);
    gl.uniform1f(uniformLocations.u_feather, params.antiAliasingFeather);
    gl.uniform1f(uniformLocations.u_minEdgeThickness, params.minEdgeThickness);
  }
}
