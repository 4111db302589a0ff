// Share cards (1200×630 PNG) rendered inside the Worker: satori lays out the card as SVG, resvg rasterises it.
// Fonts: Inter latin + latin-ext (woff; satori cannot read woff2), so names like Ødegaard or Gündoğan render.
import satori, { init as initSatori } from 'satori/standalone';
import { Resvg, initWasm } from '@resvg/resvg-wasm';
import yogaWasm from 'satori/yoga.wasm';
import resvgWasm from '@resvg/resvg-wasm/index_bg.wasm';
import latin400 from '@fontsource/inter/files/inter-latin-400-normal.woff?inline';
import latin700 from '@fontsource/inter/files/inter-latin-700-normal.woff?inline';
import ext400 from '@fontsource/inter/files/inter-latin-ext-400-normal.woff?inline';
import ext700 from '@fontsource/inter/files/inter-latin-ext-700-normal.woff?inline';

export const WIDTH = 1200;
export const HEIGHT = 630;

type Node = { type: string; props: Record<string, unknown> & { children?: unknown } };
type Style = Record<string, string | number>;

/** A satori element; every div with several children is a flex container (satori requires explicit display). */
export function h(type: string, style: Style, ...children: (Node | string | null | false)[]): Node {
  const kids = children.filter((c): c is Node | string => c !== null && c !== false);
  return { type, props: { style: { display: 'flex', ...style }, children: kids.length === 1 ? kids[0] : kids } };
}

const dataUrlBytes = (url: string): ArrayBuffer => {
  const b64 = url.slice(url.indexOf(',') + 1);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
};

let ready: Promise<{ name: string; data: ArrayBuffer; weight: 400 | 700; style: 'normal' }[]> | undefined;

/** Once per isolate: compile both wasm modules and decode the fonts. */
function setup() {
  ready ??= Promise.all([initSatori(yogaWasm), initWasm(resvgWasm)]).then(() => [
    { name: 'Inter', data: dataUrlBytes(latin400), weight: 400 as const, style: 'normal' as const },
    { name: 'Inter', data: dataUrlBytes(latin700), weight: 700 as const, style: 'normal' as const },
    { name: 'Inter Ext', data: dataUrlBytes(ext400), weight: 400 as const, style: 'normal' as const },
    { name: 'Inter Ext', data: dataUrlBytes(ext700), weight: 700 as const, style: 'normal' as const },
  ]);
  return ready;
}

export async function renderPng(tree: Node): Promise<Uint8Array> {
  const fonts = await setup();
  const svg = await satori(tree as never, { width: WIDTH, height: HEIGHT, fonts });
  return new Resvg(svg, { fitTo: { mode: 'width', value: WIDTH } }).render().asPng();
}

const C = { bg: '#0a0a0a', panel: '#111111', border: '#2a2a2a', orange: '#ff6b00', text: '#ffffff', text2: '#b3b3b3', green: '#00d26a' };

/** The common frame: word-mark, a body, and a footer line (horizon, as-of date and site). */
export function card(body: Node, footerLeft: string, footerRight: string): Node {
  return h(
    'div',
    { width: WIDTH, height: HEIGHT, boxSizing: 'border-box', padding: 56, flexDirection: 'column', justifyContent: 'space-between', background: C.bg, color: C.text, fontFamily: 'Inter, Inter Ext' },
    h('div', { alignItems: 'center', fontSize: 30, fontWeight: 700, letterSpacing: -0.5 }, h('span', { color: C.orange }, 'TRANSFER'), h('span', {}, 'LENS')),
    body,
    h('div', { justifyContent: 'space-between', fontSize: 22, color: C.text2, borderTop: `2px solid ${C.border}`, paddingTop: 20 }, h('span', {}, footerLeft), h('span', {}, footerRight)),
  );
}

export interface Line { label: string; value: string }

/** Title, subtitle and up to three big figures (probability lines), or `empty` in their place when there are none. */
export function figuresBody(title: string, subtitle: string, lines: Line[], empty?: string): Node {
  return h(
    'div',
    { flexDirection: 'column', gap: 18 },
    h('div', { fontSize: title.length > 24 ? 60 : 76, fontWeight: 700, lineHeight: 1.05 }, title),
    h('div', { fontSize: 30, color: C.text2 }, subtitle),
    lines.length > 0 &&
      h(
        'div',
        { gap: 28, marginTop: 18 },
        ...lines.slice(0, 3).map((l, i) =>
          h(
            'div',
            { flexDirection: 'column', padding: '18px 26px', borderRadius: 12, border: `2px solid ${i === 0 ? C.orange : C.border}`, background: C.panel, minWidth: 300, maxWidth: 360 },
            h('div', { fontSize: 24, color: C.text2 }, l.label),
            h('div', { fontSize: 64, fontWeight: 700, color: i === 0 ? C.orange : C.text }, l.value),
          ),
        ),
      ),
    lines.length === 0 && !!empty && h('div', { marginTop: 18, padding: '18px 26px', borderRadius: 12, border: `2px solid ${C.border}`, background: C.panel, fontSize: 36, color: C.text2 }, empty),
  );
}

export function fallbackCard(message: string): Node {
  return card(figuresBody('Transfer intelligence', message, []), 'Calibrated transfer probabilities', 'transferlens');
}

/** Response with the share-card cache policy (og-cache.ts). */
export function pngResponse(png: Uint8Array, cacheControl: string, status = 200): Response {
  return new Response(png as unknown as BodyInit, { status, headers: { 'content-type': 'image/png', 'cache-control': cacheControl } });
}
