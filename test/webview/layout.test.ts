// The panel at ordinary widths and in each theme: return values stay visible, the toolbar is not clipped, the
// sockets table scrolls rather than wrapping words, controls take their colours from VS Code's theme variables,
// and the timeline zooms to a dragged range. Screenshots of every theme at 320 and 1200 px go to .test-output/.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { TraceEvent } from '../../common/events';
import { readTrace, usePanelHarness, type PanelHarness } from './browser';

// distinct values, so a computed colour can only have come from its variable
const THEMES: Record<string, Record<string, string>> = {
  dark: {
    '--vscode-foreground': 'rgb(204, 204, 204)', '--vscode-editor-background': 'rgb(30, 30, 30)',
    '--vscode-button-background': 'rgb(14, 99, 156)', '--vscode-button-foreground': 'rgb(255, 255, 254)',
    '--vscode-button-secondaryBackground': 'rgb(58, 61, 65)', '--vscode-button-secondaryForeground': 'rgb(204, 204, 203)',
    '--vscode-input-background': 'rgb(60, 60, 61)', '--vscode-input-foreground': 'rgb(204, 204, 202)', '--vscode-input-border': 'rgb(61, 61, 62)',
    '--vscode-dropdown-background': 'rgb(60, 60, 59)', '--vscode-dropdown-foreground': 'rgb(240, 240, 241)', '--vscode-dropdown-border': 'rgb(62, 62, 63)',
    '--vscode-focusBorder': 'rgb(0, 127, 212)', '--vscode-font-family': 'DejaVu Sans', '--vscode-editor-font-family': 'DejaVu Sans Mono',
  },
  light: {
    '--vscode-foreground': 'rgb(97, 97, 97)', '--vscode-editor-background': 'rgb(255, 255, 255)', '--vscode-descriptionForeground': 'rgb(113, 113, 113)',
    '--vscode-panel-border': 'rgb(200, 200, 200)', '--vscode-button-background': 'rgb(0, 95, 184)', '--vscode-button-foreground': 'rgb(255, 255, 253)',
    '--vscode-button-secondaryBackground': 'rgb(229, 229, 229)', '--vscode-button-secondaryForeground': 'rgb(59, 59, 59)',
    '--vscode-input-background': 'rgb(255, 255, 254)', '--vscode-input-foreground': 'rgb(59, 59, 58)', '--vscode-input-border': 'rgb(206, 206, 206)',
    '--vscode-dropdown-background': 'rgb(255, 255, 252)', '--vscode-dropdown-foreground': 'rgb(59, 59, 57)', '--vscode-dropdown-border': 'rgb(206, 206, 205)',
    '--vscode-focusBorder': 'rgb(0, 90, 158)', '--vscode-list-activeSelectionBackground': 'rgb(0, 96, 192)', '--vscode-list-hoverBackground': 'rgb(232, 232, 232)',
    '--vscode-textCodeBlock-background': 'rgb(240, 240, 240)', '--vscode-symbolIcon-functionForeground': 'rgb(101, 46, 166)',
    '--vscode-debugTokenExpression-number': 'rgb(9, 134, 88)', '--vscode-debugTokenExpression-string': 'rgb(163, 21, 21)',
    '--vscode-debugTokenExpression-name': 'rgb(0, 16, 128)', '--vscode-symbolIcon-constantForeground': 'rgb(0, 112, 193)',
    '--vscode-errorForeground': 'rgb(161, 38, 13)', '--vscode-editorIndentGuide-background1': 'rgb(211, 211, 211)',
    '--vscode-font-family': 'DejaVu Sans', '--vscode-editor-font-family': 'DejaVu Sans Mono',
  },
  'high-contrast': {
    '--vscode-foreground': 'rgb(255, 255, 255)', '--vscode-editor-background': 'rgb(0, 0, 0)', '--vscode-descriptionForeground': 'rgb(255, 255, 254)',
    '--vscode-panel-border': 'rgb(111, 195, 223)', '--vscode-contrastActiveBorder': 'rgb(243, 133, 51)',
    '--vscode-button-background': 'rgb(0, 0, 1)', '--vscode-button-foreground': 'rgb(255, 255, 252)', '--vscode-button-border': 'rgb(111, 195, 222)',
    '--vscode-button-secondaryBackground': 'rgb(0, 0, 2)', '--vscode-button-secondaryForeground': 'rgb(255, 255, 251)',
    '--vscode-input-background': 'rgb(0, 0, 3)', '--vscode-input-foreground': 'rgb(255, 255, 250)', '--vscode-input-border': 'rgb(111, 195, 221)',
    '--vscode-dropdown-background': 'rgb(0, 0, 4)', '--vscode-dropdown-foreground': 'rgb(255, 255, 249)', '--vscode-dropdown-border': 'rgb(111, 195, 220)',
    '--vscode-focusBorder': 'rgb(243, 133, 52)', '--vscode-list-activeSelectionBackground': 'rgb(0, 0, 5)',
    '--vscode-font-family': 'DejaVu Sans', '--vscode-editor-font-family': 'DejaVu Sans Mono',
  },
};

async function theme(page: Page, name: string): Promise<void> {
  await page.evaluate(([n, vars]) => {
    document.body.className = `vscode-${n}`;
    // a theme sets its own variables only, as VS Code does: none are left from the one before
    document.documentElement.removeAttribute('style');
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
  }, [name, THEMES[name]] as const);
}

/** WCAG contrast of two CSS rgb() colours, worked out here rather than by the panel's own code */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** each element's text colour and the opaque colour under it (its own or an ancestor's background, painted over white) */
async function colours(page: Page, sel: string): Promise<{ what: string; fg: string; bg: string }[]> {
  // a script as text: tsx would wrap the inner functions of a function argument in a helper the page lacks
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(sel)})].map((el) => {
    const parse = (c) => (c.match(/[\\d.]+/g) ?? []).map(Number);
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      const a = c.length > 3 ? c[3] : 1;
      if (a > 0) layers.push([c[0], c[1], c[2], a]);
      if (a >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const l of layers.reverse()) bg = bg.map((v, k) => l[k] * l[3] + v * (1 - l[3]));
    const f = parse(getComputedStyle(el).color);
    const fa = f.length > 3 ? f[3] : 1;
    const fg = f.slice(0, 3).map((v, k) => v * fa + bg[k] * (1 - fa));
    const rgb = (c) => 'rgb(' + c.map((v) => Math.round(v)).join(', ') + ')';
    return { what: (el.className || el.tagName) + ' "' + (el.textContent ?? '').slice(0, 20) + '"', fg: rgb(fg), bg: rgb(bg) };
  })`);
}

describe('trace panel widths and themes in Chromium', function () {
  this.timeout(120_000);
  let h: PanelHarness;

  usePanelHarness((x) => (h = x));

  for (const width of [320, 540]) {
    it(`at ${width} px keeps return values in sight, the toolbar and tabs unclipped, socket cells unwrapped`, async () => {
      const page = await h.open('', { width, height: 700 });
      await h.load('tcp-echo');
      const rets = await page.$$eval('.event-list .row', (rows) => rows.map((r) => {
        // the value after " = " (a long errno description after it may be cut)
        const ret = r.querySelector('.c-ret') as HTMLElement | null, cell = r.querySelector('.c-text')!.getBoundingClientRect();
        const value = ret?.children[2] as HTMLElement | undefined;
        if (!ret || !value) return 'none';
        const b = value.getBoundingClientRect();
        return b.width > 0 && b.right <= cell.right + 0.5 && b.left >= cell.left ? 'ok' : `${ret.textContent} at ${b.left}..${b.right} of ${cell.right}`;
      }));
      assert.ok(rets.filter((r) => r === 'ok').length >= 10, rets.join('\n'));
      assert.deepEqual(rets.filter((r) => r !== 'ok' && r !== 'none'), []);
      for (const sel of ['.toolbar', '.tabs']) {
        const [sw, cw] = await page.$eval(sel, (el) => [el.scrollWidth, el.clientWidth]);
        assert.ok(sw <= cw, `${sel}: scrollWidth ${sw} > clientWidth ${cw}`);
      }
      await page.click('#tab-sockets');
      // a cell wraps if its text lays out on more lines than it has line breaks
      const wrapped = await page.$$eval('table.sockets td, table.sockets th', (cells) => cells.filter((c) => {
        const r = document.createRange();
        r.selectNodeContents(c);
        const tops: number[] = [];
        for (const b of r.getClientRects()) if (b.width > 0 && !tops.some((t) => Math.abs(t - b.top) < 8)) tops.push(b.top);
        return tops.length > (c.textContent ?? '').split('\n').length;
      }).map((c) => c.textContent));
      assert.deepEqual(wrapped, []);
      assert.deepEqual(h.errors, []);
    });
  }

  it('takes the controls’ colours and fonts from the theme variables, in every theme', async () => {
    const page = await h.open('', { width: 1200, height: 700 });
    await h.load('tcp-echo');
    for (const name of Object.keys(THEMES)) {
      await theme(page, name);
      const v = THEMES[name];
      const st = (sel: string) => page.$eval(sel, (el) => {
        const c = getComputedStyle(el);
        return { color: c.color, bg: c.backgroundColor, border: c.borderTopColor, font: c.fontFamily };
      });
      const clear = await st('.toolbar button.secondary');
      assert.equal(clear.bg, v['--vscode-button-secondaryBackground'], name);
      assert.equal(clear.color, v['--vscode-button-secondaryForeground'], name);
      const sel = await st('select[aria-label="Process"]');
      assert.deepEqual([sel.bg, sel.color, sel.border], [v['--vscode-dropdown-background'], v['--vscode-dropdown-foreground'], v['--vscode-dropdown-border']], name);
      const inp = await st('input[type=search]');
      assert.deepEqual([inp.bg, inp.color, inp.border], [v['--vscode-input-background'], v['--vscode-input-foreground'], v['--vscode-input-border']], name);
      assert.match((await st('body')).font, /DejaVu Sans/);
      assert.match((await st('.event-list')).font, /DejaVu Sans Mono/);
      await page.focus('input[type=search]');
      assert.equal((await st('input[type=search]')).border, v['--vscode-focusBorder'], name);
      await page.click('#tab-compare');
      const primary = await st('.compare button');
      assert.deepEqual([primary.bg, primary.color], [v['--vscode-button-background'], v['--vscode-button-foreground']], name);
      await page.click('#tab-events');
    }
  });

  it('draws muted labels at WCAG AA contrast (4.5:1) in every theme, on hovered rows too', async () => {
    const page = await h.open('', { width: 1200, height: 700 });
    await h.load('tcp-echo');
    await page.click('.event-list .row[data-idx="5"]');
    const low: string[] = [];
    for (const name of Object.keys(THEMES)) {
      await theme(page, name);
      await page.click('#tab-events');
      await page.hover('.event-list .row[data-idx="3"]');
      const found = [
        ...await colours(page, '.list-header > span, .status, .tabs [role=tab][aria-selected=false], .details h3, table.kv th'),
        ...await colours(page, '.event-list .row:not(.selected) .c-seq, .event-list .row:not(.selected) .c-ts, .event-list .row:not(.selected) .c-dur'),
        ...await colours(page, '.event-list .row[data-idx="3"] > span'),
      ];
      await page.click('#tab-timeline');
      await page.waitForSelector('.tl-label');
      found.push(...await colours(page, '.tl-label, .tl-tools .hint'));
      // the timeline's axis labels are drawn on the canvas in --sl-dim
      const axis = await page.evaluate(() => {
        const s = document.createElement('span');
        s.style.color = getComputedStyle(document.body).getPropertyValue('--sl-dim');
        document.body.append(s);
        const c = getComputedStyle(s).color;
        s.remove();
        return { what: 'timeline axis labels', fg: c, bg: getComputedStyle(document.body).backgroundColor };
      });
      found.push(axis);
      assert.ok(found.length > 30, `${name}: only ${found.length} labels measured`);
      for (const f of found) {
        const c = contrast(f.fg, f.bg);
        if (c < 4.5) low.push(`${name}: ${f.what} ${f.fg} on ${f.bg} = ${c.toFixed(2)}`);
      }
    }
    assert.deepEqual(low, []);
  });

  it('keeps lane labels to a fifth of a 320 px timeline, cut with an ellipsis and whole in their title', async () => {
    const page = await h.open('', { width: 320, height: 700 });
    // a second thread whose lane name is too long for the labels' column
    const events = readTrace('tcp-echo').map((e) => (e.type === 'syscall' && e.pid === 4101 ? { ...e, tid: 4_194_301 } : e)) as TraceEvent[];
    await h.load('tcp-echo', { events });
    await page.click('#tab-timeline');
    await page.waitForSelector('.tl-label');
    const labels = await page.$$eval('.tl-label', (els) => els.map((el) => {
      const c = getComputedStyle(el);
      return { text: el.textContent, title: el.getAttribute('title'), w: el.getBoundingClientRect().width, cut: el.scrollWidth > el.clientWidth, ellipsis: c.textOverflow, panel: document.querySelector('.tl-scroll')!.clientWidth };
    }));
    assert.ok(labels.length >= 2, JSON.stringify(labels));
    for (const l of labels) {
      assert.ok(l.w <= l.panel * 0.2 + 0.5, `label ${l.text} is ${l.w} px of ${l.panel}`);
      assert.equal(l.ellipsis, 'ellipsis');
    }
    const long = labels.find((l) => l.text === '4101 / 4194301');
    assert.ok(long, JSON.stringify(labels));
    assert.ok(long.cut, 'the long lane name is cut');
    assert.equal(long.title, 'process 4101, thread 4194301');
    // the calls start right after the labels
    const box = (await page.locator('.timeline canvas').boundingBox())!;
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, [box.x + labels[0].w + 4, box.y + 30] as const);
    assert.equal(hit, 'CANVAS');
    await h.shot('timeline-320-lane-labels');
  });

  it('zooms the timeline to a dragged range, and resets to the whole run', async () => {
    const page = await h.open('', { width: 1200, height: 700 });
    await h.load('tcp-echo');
    await page.click('#tab-timeline');
    const vp = () => page.$eval('.timeline canvas', (c) => [Number((c as HTMLElement).dataset.start), Number((c as HTMLElement).dataset.nsPerPx)]);
    const [s0, n0] = await vp();
    const box = (await page.locator('.timeline canvas').boundingBox())!;
    const y = box.y + 30;
    await page.mouse.move(box.x + 300, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 400, y, { steps: 5 });
    await page.mouse.up();
    const [s1, n1] = await vp();
    const lw = 300; // drag start, px from the canvas's left edge; the lane labels take 120 px
    assert.ok(n1 < n0 / 5, `ns per px ${n0} -> ${n1}`);
    assert.ok(Math.abs(s1 - (s0 + (lw - 120) * n0)) <= n0 * 2, `start ${s0} -> ${s1}`);
    await page.click('.tl-tools button:has-text("Reset zoom")');
    assert.deepEqual(await vp(), [s0, n0]);
  });

  it('saves screenshots of each theme at 320 and 1200 px', async () => {
    for (const name of Object.keys(THEMES)) {
      for (const width of [320, 1200]) {
        const page = await h.open('', { width, height: 700 });
        await theme(page, name);
        await h.load('tcp-echo');
        await page.click('.event-list .row[data-idx="12"]');
        await h.shot(`theme-${name}-${width}-events`);
        for (const tab of ['timeline', 'sockets']) {
          await page.click(`#tab-${tab}`);
          await page.waitForTimeout(50);
          await h.shot(`theme-${name}-${width}-${tab}`);
        }
      }
    }
    assert.deepEqual(h.errors, []);
  });
});
