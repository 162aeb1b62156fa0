// Muted text (headers, lane labels, seq and time columns, hints) in the theme's descriptionForeground, made
// darker or lighter where a theme's value would fall under WCAG AA (4.5:1) on the backgrounds it is drawn on:
// the editor, a hovered row, a code block. VS Code's light theme is one: #717171 on #f0f0f0 is 4.3:1.

export const AA = 4.5;
type Rgba = [number, number, number, number];

export function parseColour(s: string): Rgba | null {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(s.trim());
  if (!m) return null;
  const a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  return [Number(m[1]), Number(m[2]), Number(m[3]), a];
}

/** `top` painted over the opaque `under` */
export function over(top: Rgba, under: Rgba): Rgba {
  const a = top[3];
  return [0, 1, 2].map((k) => top[k] * a + under[k] * (1 - a)).concat(1) as Rgba;
}

export function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

export function contrast(a: Rgba, b: Rgba): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** `fg`, or the least change of it toward black or white that reaches `min` on every one of `bgs` */
export function readable(fg: Rgba, bgs: Rgba[], min = AA): Rgba {
  const worst = (c: Rgba) => Math.min(...bgs.map((b) => contrast(c, b)));
  if (worst(fg) >= min) return fg;
  const to: Rgba = luminance(bgs[0]) > 0.18 ? [0, 0, 0, 1] : [255, 255, 255, 1];
  for (let t = 0.02; t < 1; t += 0.02) {
    const c = [0, 1, 2].map((k) => Math.round(fg[k] + (to[k] - fg[k]) * t)).concat(1) as Rgba;
    if (worst(c) >= min) return c;
  }
  return to;
}

const SOURCES = {
  dim: 'var(--vscode-descriptionForeground, #9d9d9d)',
  bg: 'var(--vscode-editor-background, #1e1e1e)',
  hover: 'var(--vscode-list-hoverBackground, #2a2d2e)',
  code: 'var(--vscode-textCodeBlock-background, #2b2b2b)',
};

/** Sets --sl-dim on the body when the theme's own would be too faint, now and whenever the theme changes. */
export function keepMutedReadable(changed: () => void): void {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.body.append(probe);
  const read = (css: string): Rgba => {
    probe.style.color = '';
    probe.style.color = css;
    return parseColour(getComputedStyle(probe).color) ?? [128, 128, 128, 1];
  };
  const update = () => {
    const bg = over(read(SOURCES.bg), [255, 255, 255, 1]);
    const dim = over(read(SOURCES.dim), bg);
    const fixed = readable(dim, [bg, over(read(SOURCES.hover), bg), over(read(SOURCES.code), bg)]);
    const want = fixed === dim ? '' : `rgb(${fixed[0]}, ${fixed[1]}, ${fixed[2]})`;
    if (document.body.style.getPropertyValue('--sl-dim') === want) return;
    if (want) document.body.style.setProperty('--sl-dim', want);
    else document.body.style.removeProperty('--sl-dim');
    changed();
  };
  update();
  const mo = new MutationObserver(update);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  mo.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
