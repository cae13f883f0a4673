import type { DatedEvent } from '../../src/exposure/domain/dated-event';
import { TemporalIndex } from '../../src/exposure/domain/temporal-index';
import {
  EventRows,
  EventRowsBuilder,
  type ExposureReadModel,
} from '../../src/exposure/exposure.read-model';

/** The envelopes as the read model's rows, each one's data serialised as the store would. */
export function encodeEventRows(envelopes: readonly DatedEvent[]): EventRows {
  const rows = new EventRowsBuilder(envelopes.length);
  for (const e of envelopes)
    rows.push(
      e.position,
      e.recordedAtMs,
      e.effectiveAtMs,
      e.announcedAtMs ?? NaN,
      e.event.type,
      JSON.stringify(e.event.data),
    );
  return rows.rows();
}

/** Every envelope a version of the read model holds, as a start loads it, in position order. */
export function loadedEnvelopes(
  readModel: ExposureReadModel,
  version: number,
): readonly DatedEvent[] {
  const index = new TemporalIndex();
  readModel.loadInto(version, index);
  return index.envelopes();
}
