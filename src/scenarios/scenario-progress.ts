import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';

/**
 * Progress of long scenario work, for the live channel to forward:
 * `scenario.progress` (position = runs done of total) and `scenario.completed` (with the ids of what
 * was recorded, or the summary of an unrecorded analysis).
 */
export type ScenarioProgressMessage =
  | {
      readonly type: 'scenario.progress';
      /** The scenario id, or the analysis run id (`systemic-…`, `sweep-…`). */
      readonly id: string;
      readonly kind: 'scenario' | 'systemic' | 'sweep';
      readonly position: number;
      readonly total: number;
    }
  | {
      readonly type: 'scenario.completed';
      readonly id: string;
      readonly kind: 'scenario' | 'systemic' | 'sweep';
      /** Store position of the recorded run (scenarios), absent for analyses. */
      readonly position?: number;
      readonly digest?: string;
      readonly summary: Record<string, unknown>;
    };

/** Injectable stream of scenario progress messages (hot; nothing is replayed). */
@Injectable()
export class ScenarioProgress {
  private readonly subject = new Subject<ScenarioProgressMessage>();
  readonly messages$: Observable<ScenarioProgressMessage> =
    this.subject.asObservable();

  emit(message: ScenarioProgressMessage): void {
    this.subject.next(message);
  }
}
