import type { DatedEvent } from '../../src/exposure/domain/dated-event';
import { TemporalIndex } from '../../src/exposure/domain/temporal-index';
import type { ExposureReadModel } from '../../src/exposure/exposure.read-model';

/** Every envelope a version of the read model holds, as a start loads it, in position order. */
export function loadedEnvelopes(
  readModel: ExposureReadModel,
  version: number,
): readonly DatedEvent[] {
  const index = new TemporalIndex();
  readModel.loadInto(version, index);
  return index.envelopes();
}
