import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { DealKind } from '../ledger/domain/ledger.events';

/**
 * Updates of the projections as they commit, for the live channel (SSE / WebSocket).
 * Every update carries the global `position` of the event that caused it (a resumable id:
 * updates come in position order, several may share one position).
 *
 * - `deal.recorded | deal.amended | deal.terminated | deal.payment-recorded | deal.written-down | deal.retracted`:
 *   a deal event, with its companies and `before`/`after` outstanding amounts as of its effective time.
 * - `company.registered | company.financials-reported | company.defaulted | company.default-cured`.
 * - `exposure.changed`: a (holder, counterparty, kind) edge's amount as of the event's recorded time changed.
 * - `exposure.restated`: a backdated event changed an edge over a period already in effect
 *   (`period.from` = the event's effective time, `period.to` = when it was recorded);
 *   `beforeUsd`/`afterUsd` are the edge's amounts at `period.from` as known before and after.
 */
export type ProjectionUpdate =
  | {
      readonly type: `deal.${'recorded' | 'amended' | 'terminated' | 'payment-recorded' | 'written-down' | 'retracted'}`;
      readonly position: number;
      readonly effectiveAt: string;
      readonly recordedAt: string;
      readonly dealId: string;
      readonly kind: DealKind;
      readonly companies: readonly string[];
      readonly beforeUsd: number | null;
      readonly afterUsd: number | null;
    }
  | {
      readonly type: `company.${'registered' | 'financials-reported' | 'defaulted' | 'default-cured'}`;
      readonly position: number;
      readonly effectiveAt: string;
      readonly recordedAt: string;
      readonly companyId: string;
      readonly companies: readonly string[];
    }
  | {
      readonly type: 'exposure.changed' | 'exposure.restated';
      readonly position: number;
      readonly effectiveAt: string;
      readonly recordedAt: string;
      readonly holder: string;
      readonly counterparty: string;
      readonly kind: DealKind;
      readonly companies: readonly string[];
      readonly dealIds: readonly string[];
      readonly period: { readonly from: string; readonly to: string };
      readonly beforeUsd: number;
      readonly afterUsd: number;
    };

export type ProjectionUpdateType = ProjectionUpdate['type'];

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
