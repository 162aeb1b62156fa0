// Filling the panel's HTML template (panel.html): the CSP source, a nonce and the asset URIs. Pure; the host
// calls it with URIs from webview.asWebviewUri and a nonce from makeNonce.

export interface PanelHtmlParams {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/** 128 random bits from crypto.getRandomValues, base64url: a script nonce for the CSP. */
export function makeNonce(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  return btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function fillPanelHtml(template: string, p: PanelHtmlParams): string {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(p.nonce)) throw new Error('nonce must be at least 16 base64url characters');
  const values: Record<string, string> = { cspSource: attr(p.cspSource), nonce: p.nonce, scriptUri: attr(p.scriptUri), styleUri: attr(p.styleUri) };
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => {
    if (!(k in values)) throw new Error(`unknown template field ${m}`);
    return values[k];
  });
}
