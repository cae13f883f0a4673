import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { runProjectionWork } from '../projections/committed-batch';
import {
  ExposureEventsCommitted,
  ExposureProjection,
} from './exposure.projection';

/**
 * The exposure projection as a Nest CQRS event handler: its work is the pure evolve (into the
 * temporal index) with a duplicate guard; the outcome — or the error, with its event position —
 * goes back to the runner through the batch, never to UnhandledExceptionBus.
 */
@EventsHandler(ExposureEventsCommitted)
export class ExposureProjectionHandler implements IEventHandler<ExposureEventsCommitted> {
  constructor(private readonly projection: ExposureProjection) {}

  handle(batch: ExposureEventsCommitted): void {
    runProjectionWork(batch, () => this.projection.work(batch));
  }
}
