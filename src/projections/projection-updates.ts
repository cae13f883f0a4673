import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { ProjectionUpdate } from '../exposure/domain/exposure.updates';

export type {
  ProjectionUpdate,
  ProjectionUpdateType,
} from '../exposure/domain/exposure.updates';

/** Injectable stream of {@link ProjectionUpdate}s; hot (no replay): resume from the store by position. */
@Injectable()
export class ProjectionUpdates {
  private readonly subject = new Subject<ProjectionUpdate>();

  /** All updates, in position order. */
  readonly updates$: Observable<ProjectionUpdate> = this.subject.asObservable();

  /** Whether anyone listens (producers skip the work of computing updates otherwise). */
  get observed(): boolean {
    return this.subject.observed;
  }

  emit(update: ProjectionUpdate): void {
    this.subject.next(update);
  }
}
