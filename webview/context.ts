// What every view may ask of the panel: the events, the filtered rows, the selection and the trace model.
import type { TraceModel } from '../common/trace-model';
import type { TraceReplica } from './trace-replica';

export interface PanelContext {
  readonly trace: TraceReplica;
  /** number of rows that pass the filters */
  rowCount(): number;
  /** changes whenever the set of filtered rows changes (new events, new filters, a new trace) */
  rowsVersion(): number;
  /** event index of the k-th row that passes the filters */
  rowEvent(k: number): number;
  /** position among the filtered rows of event index i, or -1 */
  rowOf(i: number): number;
  /** selected event index, or -1 */
  selected(): number;
  select(i: number, opts?: { reveal?: boolean; focusView?: boolean }): void;
  /** the socket analysis, computed when first asked for after a change */
  model(): TraceModel;
  /** source line the editor cursor is on, whose events are highlighted */
  cursor(): { file: string; line: number } | null;
  setSocketFilter(id: number | null): void;
}

/** A tab of the panel. */
export interface View {
  readonly el: HTMLElement;
  /** redraw from the current data, filters and selection */
  render(): void;
  /** keep the selected event in sight */
  reveal(): void;
  focus(): void;
}
