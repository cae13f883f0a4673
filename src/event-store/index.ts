export * from './event-store.port';
export * from './event-store.errors';
export {
  parseEventStoreUrl,
  redactUrl,
  EventStoreLocation,
} from './event-store.url';
export {
  openEventStore,
  createInMemoryEventStore,
  OpenEventStoreOptions,
} from './open-event-store';
export { EventStoreModule } from './event-store.module';
