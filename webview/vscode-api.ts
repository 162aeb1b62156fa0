// The only file that touches acquireVsCodeApi(): the panel talks to its host through HostChannel,
// which tests and the standalone page replace with a fake.
import type { HostToWebview, WebviewToHost } from '../common/protocol';

export interface HostChannel {
  post(msg: WebviewToHost): void;
  onMessage(handler: (msg: HostToWebview) => void): void;
  /** UI state kept by VS Code across hide/show and reloads; never trace data */
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The channel to the extension host; acquireVsCodeApi may be called once per page. */
export function vscodeChannel(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (msg) => api.postMessage(msg),
    onMessage: (handler) =>
      window.addEventListener('message', (ev: MessageEvent) => {
        const d = ev.data as { type?: unknown } | null;
        if (d && typeof d.type === 'string') handler(d as HostToWebview);
      }),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
  };
}
