/**
 * Gradient-boosted trees for a binary target (log loss), small and deterministic:
 * quantile-binned features (bin 0 = missing), histogram splits, shallow trees, shrinkage, L2 on leaves,
 * row subsampling from a seeded PRNG. The model is plain JSON (GbmModel) and scores with a few comparisons per tree.
 * Contributions are path-based (Saabas): each split credits its feature with the change in node value, so
 * bias + sum(contributions) equals the raw score exactly.
 */
import type { GbmModel, TreeNode } from './types';
import { mulberry32 } from './random';

export interface GbmOptions {
  trees: number;
  depth: number;
  learningRate: number;
  minLeaf: number;
  lambda: number;
  subsample: number;
  maxBins: number;
  seed: number;
}

export const DEFAULT_GBM: GbmOptions = { trees: 150, depth: 3, learningRate: 0.06, minLeaf: 80, lambda: 5, subsample: 0.7, maxBins: 32, seed: 7 };

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
export const logit = (p: number) => Math.log(p / (1 - p));

/** Quantile edges of one feature (distinct values, at most maxBins - 1 edges), ignoring missing values. */
export function quantileEdges(values: ArrayLike<number>, maxBins: number, maxSample = 50_000): number[] {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) count++;
  if (count === 0) return [];
  // Evenly spaced present values are enough to place quantile edges; a typed sort is numeric and fast.
  const step = Math.max(1, Math.floor(count / maxSample));
  const present = new Float64Array(Math.ceil(count / step));
  let m = 0;
  for (let i = 0, seen = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (seen++ % step === 0) present[m++] = v;
  }
  const sorted = present.subarray(0, m).sort();
  const edges: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const v = sorted[Math.min(m - 1, Math.floor((k * m) / maxBins))]!;
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v);
  }
  // The top edge must leave at least one value above it, else it splits nothing.
  while (edges.length > 0 && edges[edges.length - 1]! >= sorted[m - 1]!) edges.pop();
  return edges;
}

/** Bin of a value: 0 when missing, else 1 + the number of edges strictly below it. */
export function binOf(edges: number[], v: number | null | undefined): number {
  if (v === null || v === undefined || Number.isNaN(v)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return 1 + lo;
}

interface Split {
  gain: number;
  f: number;
  b: number;
  ml: boolean;
}

/**
 * Trains on columns (one Float64Array per feature, NaN = missing) and 0/1 labels, with optional row weights.
 * `base` is the log-odds of the (weighted) label mean. minLeaf counts rows, whatever their weights.
 */
export function trainGbm(
  names: string[],
  columns: Float64Array[],
  y: ArrayLike<number>,
  opts: Partial<GbmOptions> = {},
  weights?: ArrayLike<number>,
): GbmModel {
  const o = { ...DEFAULT_GBM, ...opts };
  const n = y.length;
  const F = columns.length;
  const edges = columns.map((c) => quantileEdges(c, o.maxBins));
  const nb = edges.map((e) => e.length + 2);
  const bins = columns.map((c, f) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = binOf(edges[f]!, c[i]);
    return out;
  });
  const w = (i: number) => (weights ? weights[i]! : 1);
  let pos = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    pos += w(i) * y[i]!;
    total += w(i);
  }
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, pos / Math.max(1e-12, total)));
  const base = logit(rate);
  const raw = new Float64Array(n).fill(base);
  // Gradient and hessian of each row, interleaved so one histogram update touches one cache line.
  const gh = new Float64Array(2 * n);
  const rand = mulberry32(o.seed);
  const trees: TreeNode[][] = [];
  // Histogram of a node: per feature and bin, [sum g, sum h, count], laid out at offset[f] + 3 * bin.
  const offset: number[] = [];
  let width = 0;
  for (const k of nb) {
    offset.push(width);
    width += k * 3;
  }
  // Row-major histogram cells: cells[i * F + f] is where row i's bin of feature f starts in a node's histogram, so
  // one pass over a node's rows reads each row's gradient once and its cells contiguously. Each bin still adds its
  // rows in row order, so the sums (and the model) are the same as a feature-by-feature pass.
  const cells = new Int32Array(n * F);
  for (let f = 0; f < F; f++) {
    const col = bins[f]!;
    for (let i = 0; i < n; i++) cells[i * F + f] = offset[f]! + col[i]! * 3;
  }
  const histogram = (rows: Int32Array): Float64Array => {
    const hist = new Float64Array(width);
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j]!;
      const g = gh[2 * i]!;
      const h = gh[2 * i + 1]!;
      for (let c = i * F, end = c + F; c < end; c++) {
        const b = cells[c]!;
        hist[b] = hist[b]! + g;
        hist[b + 1] = hist[b + 1]! + h;
        hist[b + 2] = hist[b + 2]! + 1;
      }
    }
    return hist;
  };

  const bestSplit = (hist: Float64Array, count: number, G: number, H: number): Split | null => {
    let best: Split | null = null;
    const parent = (G * G) / (H + o.lambda);
    for (let f = 0; f < F; f++) {
      const o0 = offset[f]!;
      const k = nb[f]!;
      const gm = hist[o0]!, hm = hist[o0 + 1]!, cm = hist[o0 + 2]!;
      let gl = 0, hl = 0, cl = 0;
      for (let b = 1; b < k - 1; b++) {
        gl += hist[o0 + b * 3]!;
        hl += hist[o0 + b * 3 + 1]!;
        cl += hist[o0 + b * 3 + 2]!;
        for (let side = 0; side < (cm > 0 ? 2 : 1); side++) {
          const ml = side === 0;
          const GL = ml ? gl + gm : gl, HL = ml ? hl + hm : hl, CL = ml ? cl + cm : cl;
          if (CL < o.minLeaf || count - CL < o.minLeaf) continue;
          const GR = G - GL, HR = H - HL;
          const gain = (GL * GL) / (HL + o.lambda) + (GR * GR) / (HR + o.lambda) - parent;
          if (gain > 1e-9 && (!best || gain > best.gain)) best = { gain, f, b, ml };
        }
      }
    }
    return best;
  };

  // The smaller child gets a fresh histogram; the larger one is the parent's minus it.
  const grow = (nodes: TreeNode[], rows: Int32Array, hist: Float64Array, depth: number): number => {
    let G = 0, H = 0;
    for (let b = 0; b < nb[0]!; b++) {
      G += hist[b * 3]!;
      H += hist[b * 3 + 1]!;
    }
    const id = nodes.length;
    nodes.push({ f: -1, b: 0, ml: false, l: -1, r: -1, v: (-G / (H + o.lambda)) * o.learningRate });
    const split = depth < o.depth ? bestSplit(hist, rows.length, G, H) : null;
    if (!split) return id;
    const col = bins[split.f]!;
    const left = new Int32Array(rows.length);
    const right = new Int32Array(rows.length);
    let nl = 0, nr = 0;
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j]!;
      const b = col[i]!;
      if (b === 0 ? split.ml : b <= split.b) left[nl++] = i;
      else right[nr++] = i;
    }
    const L = left.subarray(0, nl), R = right.subarray(0, nr);
    let hl: Float64Array, hr: Float64Array;
    if (depth + 1 >= o.depth) {
      hl = histogramTotals(L);
      hr = histogramTotals(R);
    } else if (nl <= nr) {
      hl = histogram(L);
      hr = hist.map((v, k) => v - hl[k]!);
    } else {
      hr = histogram(R);
      hl = hist.map((v, k) => v - hr[k]!);
    }
    const node = nodes[id]!;
    node.f = split.f;
    node.b = split.b;
    node.ml = split.ml;
    node.l = grow(nodes, L, hl, depth + 1);
    node.r = grow(nodes, R, hr, depth + 1);
    return id;
  };
  // Leaves only need their totals: put them in feature 0's bins.
  const histogramTotals = (rows: Int32Array): Float64Array => {
    const hist = new Float64Array(width);
    let G = 0, H = 0;
    for (let j = 0; j < rows.length; j++) {
      G += gh[2 * rows[j]!]!;
      H += gh[2 * rows[j]! + 1]!;
    }
    hist[0] = G;
    hist[1] = H;
    hist[2] = rows.length;
    return hist;
  };

  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]!);
      gh[2 * i] = w(i) * (p - y[i]!);
      gh[2 * i + 1] = w(i) * Math.max(p * (1 - p), 1e-12);
    }
    const sample = new Int32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) if (o.subsample >= 1 || rand() < o.subsample) sample[m++] = i;
    const rows = sample.subarray(0, m);
    const nodes: TreeNode[] = [];
    grow(nodes, rows, histogram(rows), 0);
    trees.push(nodes);
    for (let i = 0; i < n; i++) raw[i] = raw[i]! + leafValueBinned(nodes, bins, i);
  }
  return { features: names, edges, base, trees: trees.map(roundTree) };
}

/** Six significant digits keep the JSON small without changing scores measurably. */
function roundTree(nodes: TreeNode[]): TreeNode[] {
  return nodes.map((n) => ({ ...n, v: Number(n.v.toPrecision(6)) }));
}

function leafValueBinned(nodes: TreeNode[], bins: Uint8Array[], i: number): number {
  let k = 0;
  for (;;) {
    const node = nodes[k]!;
    if (node.f < 0) return node.v;
    const b = bins[node.f]![i]!;
    k = (b === 0 ? node.ml : b <= node.b) ? node.l : node.r;
  }
}

/** Feature values -> bins, in the model's feature order. */
export function binRow(model: GbmModel, x: (number | null)[]): number[] {
  return model.features.map((_, f) => binOf(model.edges[f]!, x[f]));
}

/** Raw score (log-odds) of one row given in the model's feature order. */
export function predictRaw(model: GbmModel, x: (number | null)[]): number {
  const b = binRow(model, x);
  let s = model.base;
  for (const nodes of model.trees) {
    let k = 0;
    for (;;) {
      const node = nodes[k]!;
      if (node.f < 0) {
        s += node.v;
        break;
      }
      const v = b[node.f]!;
      k = (v === 0 ? node.ml : v <= node.b) ? node.l : node.r;
    }
  }
  return s;
}

/** Path-based contributions: bias + sum(perFeature) === predictRaw(model, x). */
export function contributions(model: GbmModel, x: (number | null)[]): { bias: number; perFeature: number[] } {
  const b = binRow(model, x);
  const perFeature = new Array<number>(model.features.length).fill(0);
  let bias = model.base;
  for (const nodes of model.trees) {
    bias += nodes[0]!.v;
    let k = 0;
    for (;;) {
      const node = nodes[k]!;
      if (node.f < 0) break;
      const v = b[node.f]!;
      const next = (v === 0 ? node.ml : v <= node.b) ? node.l : node.r;
      perFeature[node.f]! += nodes[next]!.v - node.v;
      k = next;
    }
  }
  return { bias, perFeature };
}

/**
 * Mean absolute contribution per feature over (at most `maxRows` evenly spaced) rows, normalised to sum to 1:
 * how much each feature moves the predictions, in the same units as the drivers.
 */
export function importances(model: GbmModel, columns: Float64Array[], maxRows = 5000): Record<string, number> {
  const n = columns[0]?.length ?? 0;
  const step = Math.max(1, Math.floor(n / maxRows));
  const sums = new Array<number>(model.features.length).fill(0);
  for (let i = 0; i < n; i += step) {
    const x = columns.map((c) => (Number.isNaN(c[i]!) ? null : c[i]!));
    contributions(model, x).perFeature.forEach((c, f) => (sums[f]! += Math.abs(c)));
  }
  const total = sums.reduce((a, b) => a + b, 0) || 1;
  return Object.fromEntries(model.features.map((name, f) => [name, Number((sums[f]! / total).toFixed(4))]));
}

/**
 * A bag of models trained on the same rows with different seeds, as one model whose log-odds are the average of
 * theirs. The members' bins depend on the rows only, so they are shared: the bag holds every member's trees with
 * each output divided by the number of members, and scores, explains (contributions) and serialises like one model.
 */
export function averageModels(models: GbmModel[]): GbmModel {
  const [first] = models;
  if (!first) throw new Error('averageModels: no models');
  const edges = JSON.stringify(first.edges);
  if (models.some((m) => JSON.stringify(m.edges) !== edges || m.features.join() !== first.features.join())) {
    throw new Error('averageModels: the members were trained on different features or bins');
  }
  if (models.length === 1) return first;
  const k = models.length;
  return {
    features: first.features,
    edges: first.edges,
    base: models.reduce((s, m) => s + m.base, 0) / k,
    trees: models.flatMap((m) => m.trees.map((nodes) => roundTree(nodes.map((node) => ({ ...node, v: node.v / k }))))),
  };
}
