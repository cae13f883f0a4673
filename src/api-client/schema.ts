// Generated from openapi.json by `npm run openapi` (openapi-typescript). Do not edit by hand.
export interface paths {
  '/companies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every company as of (at, knownAt) */
    get: operations['CompanyReadsController_list'];
    put?: never;
    /** Register a company */
    post: operations['CompaniesController_register'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/companies/{id}/financials': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The report in force at `at` (periodEnd, source, figures) and the flows moved onto it since (funded tranches, payments), with caveats */
    get: operations['CompanyReadsController_financials'];
    put?: never;
    /** Report a company’s financials for a period end */
    post: operations['CompaniesController_financials'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/companies/{id}/default': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a company’s default */
    post: operations['CompaniesController_recordDefault'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/companies/{id}/cure': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record that a company’s default was cured */
    post: operations['CompaniesController_cure'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a deal */
    post: operations['DealsController_record'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The deal as of (at, knownAt), with outstandingUsd, status and flags; 404 if unknown then */
    get: operations['DealReadsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Amend a deal (optionally checked with If-Match) */
    patch: operations['DealsController_amend'];
    trace?: never;
  };
  '/deals/{id}/terminate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Terminate a deal */
    post: operations['DealsController_terminate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/payments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Record a payment on a deal */
    post: operations['DealsController_pay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/write-downs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Write a deal down */
    post: operations['DealsController_writeDown'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/retract': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retract a deal recorded in error */
    post: operations['DealsController_retract'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/import': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apply an import file (NDJSON or a JSON array of commands) */
    post: operations['ImportController_run'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/companies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The company as of (at, knownAt); 404 if unknown then */
    get: operations['CompanyReadsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/companies/{id}/exposure': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Totals by kind, top counterparties, concentration (Herfindahl, largest exposure / equity) */
    get: operations['CompanyReadsController_exposure'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/companies/{id}/exposure/timeline': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The company’s exposure at each step from `from` to `to`, as known at `knownAt` */
    get: operations['CompanyReadsController_timeline'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/exposures': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The whole exposure network as of (at, knownAt) */
    get: operations['ExposuresController_network'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/exposures/cycles': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Money flowing in rings (round-tripping, vendor financing), with flagged deals */
    get: operations['ExposuresController_cycles'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/exposures/dates': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The sorted distinct effective dates of deal signings, amendments, terminations, write-downs, retractions, defaults and cures, as known at `knownAt` */
    get: operations['ExposureDatesController_dates'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/projections/exposure/rebuild': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Rebuild the exposure projection while the current version serves */
    post: operations['ExposureAdminController_rebuild'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/projections/exposure': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The projection’s state: version, position, rebuild progress, error */
    get: operations['ExposureAdminController_status'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scenarios': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Saved scenarios, newest first */
    get: operations['ScenariosController_list'];
    put?: never;
    /** Run a what-if scenario and save it */
    post: operations['ScenariosController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scenarios/sweep': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A Monte Carlo sweep of a scenario over random shocks */
    post: operations['ScenariosController_sweep'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scenarios/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A saved scenario: its definition and result */
    get: operations['ScenariosController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scenarios/{id}/rerun': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run a saved scenario again on the ledger as it is now */
    post: operations['ScenariosController_rerun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scenarios/{id}/exposures': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The exposure network with the scenario’s overlay applied */
    get: operations['ScenariosController_exposures'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/scenarios/{id}/compare': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The scenario’s network against the real one, edge by edge */
    get: operations['ScenariosController_compare'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analysis/systemic': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Each company fails alone in turn: ranked by the loss it spreads */
    get: operations['AnalysisController_systemic'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Server-Sent Events of committed changes
     * @description Each message: `id` = global position of the event it comes from (an event and the exposure updates derived from it share it), `event` = its kind (deal.recorded, deal.amended, payment.recorded, company.defaulted…; with `at`, exposure.changed / exposure.restated), `data` = JSON naming the companies and deals concerned, with field changes and before/after amounts. Resume with the `Last-Event-ID` header or `lastEventId`. A client that falls behind gets `resync` and is closed.
     */
    get: operations['LiveController_stream'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/deals/{id}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every change of a deal: revision, type, effective and recorded time, actor, reason, and the fields it changed
     * @description A recording lists every field from null; an amendment only what it changed. 404 for an unknown deal.
     */
    get: operations['AuditController_dealHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/companies/{id}/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every change of a company, like a deal’s history */
    get: operations['AuditController_companyHistory'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Recorded changes across the ledger, newest first, one page at a time
     * @description `from`/`to` bound the recorded time. Answers `{ items, nextCursor }`; pass `nextCursor` as `cursor` for the next page.
     */
    get: operations['AuditController_log'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Walks the hash chain of every stream and the store's seal over the whole log, against the anchors
     * @description Answers `{ ok, checked, streams, broken: [{ stream, revision, position, problems }], firstBroken, store: { storeId, sealed, head, anchor } }`. A break of the store as a whole names stream `$all` and its global position. A mismatch with the anchors is a break, never a warning.
     */
    get: operations['AuditController_verify'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness and readiness, with the event store’s state */
    get: operations['HealthController_health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ErrorDto: {
      /** @example 400 */
      statusCode: number;
      /** @example Bad Request */
      error: string;
      /**
       * @description Names the offending field first
       * @example amountUsd: must be a positive finite number
       */
      message: string;
      /**
       * @description Stable error code
       * @example validation_failed
       */
      code?: string;
      /** @example amountUsd */
      field?: string;
      /**
       * @description On a revision conflict (409): the stream’s current revision
       * @example 3
       */
      currentRevision?: number | null;
    };
    RegisterCompanyDto: {
      /**
       * @description Slug id
       * @example openai
       */
      id: string;
      /** @example OpenAI */
      name: string;
      /** @example ai-lab */
      sector?: string;
      /**
       * @description Capital buffer; US dollars, a plain number (`300e9`)
       * @example 60000000000
       */
      equityUsd?: number;
      /**
       * @description Assets outside the network; US dollars, a plain number (`300e9`)
       * @example 40000000000
       */
      externalAssetsUsd?: number;
      /**
       * @description Debts to creditors outside the network; US dollars, a plain number (`300e9`)
       * @example 10000000000
       */
      externalLiabilitiesUsd?: number;
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC; default now
       * @example 2015-12-11
       */
      effectiveAt?: string;
      /** @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then */
      announcedAt?: string;
    };
    WriteResultDto: {
      /** @example oracle-openai-stargate */
      id: string;
      /**
       * @description The stream's revision after the write (0-based)
       * @example 0
       */
      revision: number;
      /**
       * @description Global position of the last event written: pass as ?minPosition= to read your write
       * @example 42
       */
      position: number;
    };
    ReportFinancialsDto: {
      /**
       * @description US dollars, a plain number (`300e9`)
       * @example 70000000000
       */
      equityUsd?: number;
      /** @description US dollars, a plain number (`300e9`) */
      externalAssetsUsd?: number;
      /** @description US dollars, a plain number (`300e9`) */
      externalLiabilitiesUsd?: number;
      /**
       * @description A filing's total assets (with totalLiabilitiesUsd); US dollars, a plain number (`300e9`)
       * @example 120000000000
       */
      totalAssetsUsd?: number;
      /**
       * @description A filing's total liabilities (with totalAssetsUsd); US dollars, a plain number (`300e9`)
       * @example 90000000000
       */
      totalLiabilitiesUsd?: number;
      /** @description Cash and short-term investments; US dollars, a plain number (`300e9`) */
      cashUsd?: number;
      /** @description A year's operating cash flow; US dollars, a plain number (`300e9`) */
      operatingCashFlowUsd?: number;
      /** @example Form 10-K for the year ended 2025-05-31 */
      source?: string;
      /**
       * @description How sure the figures are: high (a filing, the default), medium, low (an estimate, e.g. a private company from press reports); views and scenarios name a low one in caveats
       * @enum {string}
       */
      confidence?: 'high' | 'medium' | 'low';
      /**
       * @description The period end for a filing; ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2025-06-30
       */
      effectiveAt: string;
      /**
       * @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then
       * @example 2025-07-28
       */
      announcedAt?: string;
    };
    RecordDefaultDto: {
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2026-03-01
       */
      effectiveAt: string;
      /**
       * @description Share of claims recovered, 0 to 1
       * @example 0.4
       */
      recoveryRate?: number;
      /** @example missed a coupon */
      reason?: string;
      /** @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then */
      announcedAt?: string;
    };
    CureDefaultDto: {
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2026-04-01
       */
      effectiveAt: string;
      /** @example refinanced */
      reason: string;
      /** @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then */
      announcedAt?: string;
    };
    InstallmentDto: {
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2027-01-01
       */
      date: string;
      /**
       * @description US dollars, a plain number (`300e9`)
       * @example 60000000000
       */
      amountUsd: number;
    };
    EstimateDto: {
      /**
       * @description US dollars, a plain number (`300e9`)
       * @example 60000000000
       */
      low: number;
      /**
       * @description US dollars, a plain number (`300e9`); low ≤ central ≤ high
       * @example 100000000000
       */
      central: number;
      /**
       * @description US dollars, a plain number (`300e9`)
       * @example 140000000000
       */
      high: number;
      /**
       * @description The published unit price the estimate rests on
       * @example 10 GW at $10B per GW (company statement)
       */
      basis: string;
    };
    RecordDealDto: {
      /**
       * @description Slug id; generated when absent
       * @example oracle-openai-stargate
       */
      id?: string;
      /** @enum {string} */
      kind: 'supply' | 'investment' | 'loan';
      /**
       * @description supply: who pays
       * @example openai
       */
      buyer?: string;
      /**
       * @description supply: who delivers
       * @example oracle
       */
      seller?: string;
      /** @description investment: who funds */
      investor?: string;
      /** @description investment: who is funded */
      investee?: string;
      /** @description loan: who lends */
      lender?: string;
      /** @description loan: who borrows */
      borrower?: string;
      /**
       * @description US dollars, a plain number (`300e9`); absent when no amount was published (recorded and flagged)
       * @example 300000000000
       */
      amountUsd?: number;
      /**
       * @description Signing; ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2025-09-10
       */
      effectiveAt: string;
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2027-01-01
       */
      startDate?: string;
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC; after startDate
       * @example 2032-01-01
       */
      endDate?: string;
      /** @description Loans: alias of endDate */
      maturityDate?: string;
      /** @example compute */
      category?: string;
      /** @description The lender also sells to the borrower */
      vendorFinancing?: boolean;
      /** @description Installments summing to amountUsd, inside the term */
      schedule?: components['schemas']['InstallmentDto'][];
      /** @example https://www.wsj.com/… */
      source?: string;
      notes?: string;
      /**
       * @description binding (signed or funded) · conditional (milestones, the "up to" part) · intent (letter of intent, talks); default binding
       * @enum {string}
       */
      certainty?: 'binding' | 'conditional' | 'intent';
      /**
       * @description the source's reliability: high · medium · low; default high
       * @enum {string}
       */
      confidence?: 'high' | 'medium' | 'low';
      /** @description Instead of amountUsd when no amount was published */
      estimateUsd?: number & components['schemas']['EstimateDto'];
      /** @description Supply: damages a failing buyer owes on installments beyond the horizon, 0 to 1 (overrides the view's default 0.25) */
      damagesRate?: number;
      /**
       * @description Capacity delivered, in GW (> 0)
       * @example 10
       */
      capacityGw?: number;
      /**
       * @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then
       * @example 2025-09-10
       */
      announcedAt?: string;
    };
    AmendDealDto: {
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2026-01-01
       */
      effectiveAt: string;
      /** @example scaled back to phase 1 */
      reason: string;
      /** @description US dollars, a plain number (`300e9`); null: no published amount */
      amountUsd?: number | null;
      /** @description ISO 8601 date or instant; a date alone is 00:00 UTC */
      startDate?: Record<string, never> | null;
      /** @description ISO 8601 date or instant; a date alone is 00:00 UTC */
      endDate?: Record<string, never> | null;
      /** @description Loans: alias of endDate */
      maturityDate?: Record<string, never> | null;
      schedule?: components['schemas']['InstallmentDto'][] | null;
      category?: Record<string, never> | null;
      vendorFinancing?: boolean;
      source?: Record<string, never> | null;
      notes?: Record<string, never> | null;
      /**
       * @description binding (signed or funded) · conditional (milestones, the "up to" part) · intent (letter of intent, talks)
       * @enum {string}
       */
      certainty?: 'binding' | 'conditional' | 'intent';
      /**
       * @description the source's reliability: high · medium · low
       * @enum {string}
       */
      confidence?: 'high' | 'medium' | 'low';
      /** @description null once the amount is published (then give amountUsd) */
      estimateUsd?: (number & components['schemas']['EstimateDto']) | null;
      damagesRate?: Record<string, never> | null;
      /** @description GW (> 0) */
      capacityGw?: Record<string, never> | null;
      /** @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then */
      announcedAt?: string;
    };
    TerminateDealDto: {
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2026-01-01
       */
      effectiveAt: string;
      /** @example cancelled by the buyer */
      reason: string;
      /** @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then */
      announcedAt?: string;
    };
    RecordPaymentDto: {
      /**
       * @description US dollars, a plain number (`300e9`)
       * @example 5000000000
       */
      amountUsd: number;
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2027-02-01
       */
      effectiveAt: string;
      /** @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then */
      announcedAt?: string;
    };
    WriteDownDealDto: {
      /**
       * @description US dollars, a plain number (`300e9`)
       * @example 1000000000
       */
      amountUsd: number;
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2026-02-01
       */
      effectiveAt: string;
      /** @example impaired */
      reason: string;
      /** @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then */
      announcedAt?: string;
    };
    RetractDealDto: {
      /** @description ISO 8601 date or instant; a date alone is 00:00 UTC; default: the deal's own effectiveAt */
      effectiveAt?: string;
      /** @example duplicate of another record */
      reason: string;
      /** @description When the world learned of it (filing, press release); not after the time it is recorded. knownAt views count it from then */
      announcedAt?: string;
    };
    ScenarioParamsDto: {
      /**
       * @description Rogers–Veraart: share of outside assets a defaulter realises
       * @example 0.5
       */
      alpha?: number;
      /**
       * @description Rogers–Veraart: share of interbank receivables a defaulter realises
       * @example 1
       */
      beta?: number;
      /** @description Recovery on failed companies (Furfine) and on defaults without their own; default 0 */
      recoveryRate?: number;
      /** @description Recovery on a stake in a failed company; default 0 */
      equityRecoveryRate?: number;
      /**
       * @description Days after `at` within which payments count as due; default 365
       * @example 365
       */
      horizonDays?: number;
      /** @description Damages a failing buyer owes on the part of a supply contract due after the horizon; default 0.25 */
      damagesRate?: number;
      /**
       * @description How deals are read; default balance-sheet
       * @enum {string}
       */
      basis?: 'balance-sheet' | 'liquidity' | 'full-commitment';
      /**
       * @description year: a year-by-year clearing
       * @enum {string}
       */
      periods?: 'year';
      /**
       * @description Weakest certainty of a deal counted; default binding
       * @enum {string}
       */
      minCertainty?: 'binding' | 'conditional' | 'intent';
      /**
       * @description Weakest confidence of a deal counted; default low
       * @enum {string}
       */
      minConfidence?: 'high' | 'medium' | 'low';
      /**
       * @description Which estimate an unpriced deal counts at (omit: left out); default central
       * @enum {string}
       */
      estimates?: 'omit' | 'low' | 'central' | 'high';
    };
    CreateScenarioDto: {
      /** @example OpenAI misses its compute payments */
      name: string;
      /**
       * @description Valid time of the network; ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2026-01-01
       */
      at: string;
      /** @description Recorded time of the history used; default now, fixed at the first run. ISO 8601 date or instant; a date alone is 00:00 UTC */
      knownAt?: string;
      /**
       * @example eisenberg-noe
       * @enum {string}
       */
      model: 'eisenberg-noe' | 'rogers-veraart' | 'furfine' | 'debtrank';
      params?: components['schemas']['ScenarioParamsDto'];
      /**
       * @description Each one of `{ type: "default", company, recoveryRate? }`, `{ type: "asset-shock", fraction, companies? | sector? }` (all companies when neither), `{ type: "cancel-deal", deal }`, `{ type: "haircut", fraction, deal | deals | category | kind | buyer | seller }` (exactly one selector)
       * @example [
       *       {
       *         "type": "default",
       *         "company": "openai",
       *         "recoveryRate": 0.4
       *       }
       *     ]
       */
      shocks: Record<string, never>[];
      /** @description Hypothetical events merged with the real history by effectiveAt: `{ type: <ledger event type>, effectiveAt, data }` (DealRecorded, DealAmended, DealTerminated, DealPaymentRecorded, DealWrittenDown, CompanyRegistered, CompanyFinancialsReported, CompanyDefaulted, CompanyDefaultCured; data as the ledger stores it) or `{ type: "SuppressDeal", deal }` (the real deal never happened) */
      overlay?: Record<string, never>[];
    };
    SweepDto: {
      /**
       * @description ISO 8601 date or instant; a date alone is 00:00 UTC
       * @example 2026-01-01
       */
      at: string;
      /** @description ISO 8601 date or instant; a date alone is 00:00 UTC; default now */
      knownAt?: string;
      /**
       * @example furfine
       * @enum {string}
       */
      model: 'eisenberg-noe' | 'rogers-veraart' | 'furfine' | 'debtrank';
      params?: components['schemas']['ScenarioParamsDto'];
      /** @description Applied in every run. Each one of `{ type: "default", company, recoveryRate? }`, `{ type: "asset-shock", fraction, companies? | sector? }` (all companies when neither), `{ type: "cancel-deal", deal }`, `{ type: "haircut", fraction, deal | deals | category | kind | buyer | seller }` (exactly one selector) */
      shocks?: Record<string, never>[];
      /** @description Hypothetical events merged with the real history by effectiveAt: `{ type: <ledger event type>, effectiveAt, data }` (DealRecorded, DealAmended, DealTerminated, DealPaymentRecorded, DealWrittenDown, CompanyRegistered, CompanyFinancialsReported, CompanyDefaulted, CompanyDefaultCured; data as the ledger stores it) or `{ type: "SuppressDeal", deal }` (the real deal never happened) */
      overlay?: Record<string, never>[];
      /**
       * @description One default probability for every company (per run)
       * @example 0.02
       */
      probability?: number;
      /**
       * @description Default probability per company id (overrides `probability`)
       * @example {
       *       "openai": 0.05,
       *       "coreweave": 0.08
       *     }
       */
      probabilities?: Record<string, never>;
      /**
       * @description Seed of the pseudo-random draws (xoshiro128**): the same seed, the same answer
       * @example 42
       */
      seed: number;
      /**
       * @description Number of Monte Carlo runs
       * @example 10000
       */
      runs: number;
    };
    /** @description The deal as of (at, knownAt). Its parties are named by role: buyer and seller, investor and investee, or lender and borrower. */
    Deal: {
      id: string;
      /** @enum {string} */
      kind: 'supply' | 'investment' | 'loan';
      /** @description null: no published amount */
      amountUsd: number | null;
      effectiveAt: string;
      startDate?: string | null;
      endDate?: string | null;
      schedule?:
        | {
            date: string;
            amountUsd: number;
          }[]
        | null;
      category?: string | null;
      vendorFinancing?: boolean;
      source?: string | null;
      notes?: string | null;
      /** @enum {string} */
      certainty: 'binding' | 'conditional' | 'intent';
      /** @enum {string} */
      confidence: 'high' | 'medium' | 'low';
      /** @description The range an unpriced deal is estimated in, and how */
      estimateUsd?:
        | ({
            low: number;
            central: number;
            high: number;
            basis: string;
          } & {
            [key: string]: unknown;
          })
        | null;
      damagesRate?: number | null;
      capacityGw?: number | null;
      /** @enum {string} */
      status: 'active' | 'terminated' | 'ended';
      terminatedAt?: string | null;
      /** @description What remains of the deal at `at` */
      outstandingUsd: number;
      /** @description What has fallen due by `at` */
      dueUsd: number;
      paidUsd: number;
      /** @description Due and not paid */
      arrearsUsd: number;
      writtenDownUsd: number;
      /** @description Committed and not yet funded */
      unfundedUsd: number;
      flags: {
        amountUnknown: boolean;
        vendorFinancing: boolean;
        creditorDefaulted: boolean;
        debtorDefaulted: boolean;
      };
      lastPosition: number;
    } & {
      [key: string]: unknown;
    };
    /** @description Money flowing from → to: investor to investee, lender to borrower, buyer to seller */
    FlowLeg: {
      from: string;
      to: string;
      /** @enum {string} */
      kind: 'supply' | 'investment' | 'loan';
      amountUsd: number;
      deals: string[];
      /**
       * @description The weakest certainty among its deals
       * @enum {string}
       */
      certainty: 'binding' | 'conditional' | 'intent';
    } & {
      [key: string]: unknown;
    };
    Cycle: {
      companies: string[];
      legs: components['schemas']['FlowLeg'][];
      /** @description The least leg: money that can go all the way round */
      amountUsd: number;
      /**
       * @description The weakest certainty of its legs: a ring through a letter of intent is money only if the letter is signed
       * @enum {string}
       */
      certainty: 'binding' | 'conditional' | 'intent';
      vendorFinancing: boolean;
    } & {
      [key: string]: unknown;
    };
    /** @description Rings of money among active deals, and deals flagged as vendor financing */
    Cycles: {
      at: string;
      knownAt: string;
      /** @description The last event of the log the answer reflects */
      position?: number;
      maxLength: number;
      /** @enum {string} */
      minCertainty: 'binding' | 'conditional' | 'intent';
      cycles: components['schemas']['Cycle'][];
      flagged: ({
        dealId: string;
        /** @enum {string} */
        kind: 'supply' | 'investment' | 'loan';
        /** @enum {string} */
        reason: 'vendor-financing' | 'lender-also-sells';
        from: string;
        to: string;
        amountUsd: number;
      } & {
        [key: string]: unknown;
      })[];
      /** @description The search stopped at `limit` rings or its step budget */
      truncated: boolean;
    } & {
      [key: string]: unknown;
    };
    /** @description The report in force at `at` and the flows moved onto it since; null figures are not reported */
    Financials: {
      at: string;
      knownAt: string;
      /** @description The last event of the log the answer reflects */
      position?: number;
      companyId: string;
      periodEnd: string | null;
      /** @description false: the older figures, used as they are */
      reported: boolean;
      totalAssetsUsd: number | null;
      totalLiabilitiesUsd: number | null;
      equityUsd: number | null;
      cashUsd: number | null;
      operatingCashFlowUsd: number | null;
      source: string | null;
      /** @enum {string|null} */
      confidence?: 'high' | 'medium' | 'low' | null;
      externalAssetsUsd?: number | null;
      externalLiabilitiesUsd?: number | null;
      /** @description What the flows since periodEnd changed */
      flows: {
        cashUsd: number;
        equityUsd: number;
        stakesUsd: number;
        count: number;
        assetsUsd: number;
        liabilitiesUsd: number;
      };
      caveats: components['schemas']['Caveat'][];
    } & {
      [key: string]: unknown;
    };
    SystemicRow: {
      company: string;
      /** @description Total loss when this company fails */
      totalLossUsd: number;
      /** @description What its failure adds to the loss of the network as it stands */
      additionalLossUsd: number;
      /** @description The additional loss borne by the others */
      lossCausedUsd: number;
      /** @description Others failing because it does, in order */
      defaults: string[];
      failuresCaused: number;
      rounds: number;
      amplification: number | null;
    } & {
      [key: string]: unknown;
    };
    /** @description Each company fails alone in turn, ranked by the loss its failure spreads */
    Systemic: {
      id: string;
      at: string;
      knownAt: string;
      /** @enum {string} */
      model: 'eisenberg-noe' | 'rogers-veraart' | 'furfine' | 'debtrank';
      recoveryRate: number;
      /** @enum {string} */
      basis: 'balance-sheet' | 'liquidity' | 'full-commitment';
      params: components['schemas']['ScenarioParamsUsed'];
      /** @description Companies failing with no shock at all: never counted as any company’s failures caused */
      baselineDefaults: string[];
      caveats: components['schemas']['Caveat'][];
      companies: number;
      elapsedMs?: number;
      ranking: components['schemas']['SystemicRow'][];
    } & {
      [key: string]: unknown;
    };
    /** @description An assumption the answer rests on */
    Caveat: {
      /** @enum {string} */
      kind:
        | 'estimated-amount'
        | 'omitted-unpriced'
        | 'below-certainty'
        | 'low-confidence'
        | 'assumed-term'
        | 'stale-financials'
        | 'assumed-financials';
      deal?: string;
      company?: string;
      detail: string;
    } & {
      [key: string]: unknown;
    };
    CompanyRow: {
      id: string;
      name?: string;
      sector?: string | null;
      equityUsd: number | null;
      externalAssetsUsd?: number | null;
      externalLiabilitiesUsd?: number | null;
      /** @description What the company holds against others */
      exposureOutUsd: number;
      /** @description What others hold against the company */
      exposureInUsd: number;
      defaulted: boolean;
      recoveryRate?: number | null;
    } & {
      [key: string]: unknown;
    };
    Edge: {
      holder: string;
      counterparty: string;
      /** @enum {string} */
      kind: 'supply' | 'investment' | 'loan';
      /** @description Gross exposure of holder to counterparty */
      amountUsd: number;
      /** @description What the holder’s equity loses if the counterparty fails with nothing recovered */
      lossGivenDefaultUsd?: number;
      deals: string[];
      /** @description Deals without a published amount: counted 0, listed here */
      unpricedDeals?: string[];
    } & {
      [key: string]: unknown;
    };
    /** @description The exposure network as of (at, knownAt) */
    ExposureNetwork: {
      at: string;
      knownAt: string;
      companies: components['schemas']['CompanyRow'][];
      edges: components['schemas']['Edge'][];
      caveats?: components['schemas']['Caveat'][];
    } & {
      [key: string]: unknown;
    };
    Counterparty: {
      id: string;
      exposureUsd: number;
      /** @description Of the company’s total exposure out */
      share: number;
      byKind?: {
        supply?: number;
        investment?: number;
        loan?: number;
      } & {
        [key: string]: number;
      };
      defaulted?: boolean;
    } & {
      [key: string]: unknown;
    };
    /** @description Totals by kind, top counterparties, concentration (Herfindahl, largest exposure / equity) */
    CompanyExposure: {
      id: string;
      name?: string;
      at?: string;
      knownAt?: string;
      equityUsd: number | null;
      defaulted?: boolean;
      exposureOutUsd: number;
      exposureInUsd: number;
      byKind?: {
        supply?: {
          outUsd: number;
          inUsd: number;
        };
        investment?: {
          outUsd: number;
          inUsd: number;
        };
        loan?: {
          outUsd: number;
          inUsd: number;
        };
      } & {
        [key: string]: {
          outUsd: number;
          inUsd: number;
        };
      };
      topCounterparties: components['schemas']['Counterparty'][];
      concentration?: {
        herfindahl?: number;
        counterparties?: number;
        largestExposureUsd?: number;
        largestCounterparty?: string | null;
        largestShareOfEquity?: number | null;
      } & {
        [key: string]: unknown;
      };
      caveats?: components['schemas']['Caveat'][];
    } & {
      [key: string]: unknown;
    };
    HistoryEntry: {
      revision: number;
      position?: number;
      type: string;
      effectiveAt: string;
      recordedAt: string;
      actor: string;
      reason: string | null;
      changes: {
        field: string;
        from: unknown;
        to: unknown;
      }[];
    } & {
      [key: string]: unknown;
    };
    /** @description Every change: revision, type, effective and recorded time, actor, reason, and the fields it changed */
    History: components['schemas']['HistoryEntry'][];
    /** @description One company in a run. The fields of the readings (status … capacityAtRiskUsd) are absent only on runs recorded before them (result without basis) */
    ScenarioCompany: {
      id: string;
      equityBeforeUsd: number;
      /** @description The scenario’s loss less the baseline’s */
      lossUsd: number;
      /** @description Taken in round 1: its own shock and its claims on the shocked companies (a shocked company: all its loss; a gain counts here) */
      lossDirectUsd?: number;
      /** @description The rest of the loss, through the cascade (lossUsd − lossDirectUsd, never negative) */
      lossContagionUsd?: number;
      equityAfterUsd: number;
      /** @enum {string} */
      status?: 'solvent' | 'illiquid' | 'insolvent';
      /** @description In default in the run, whether the shock caused it or it was failingWithoutShock */
      defaulted: boolean;
      /** @description null when the company did not default; 0 for the shocked defaults */
      defaultRound: number | null;
      /** @description With periods: the year of the default */
      defaultYear?: number;
      /** @description Fails in the baseline (the same run with no shock) */
      failingWithoutShock?: boolean;
      /** @description What it no longer gets from suppliers the shock brought down (reported, not a loss) */
      capacityAtRiskUsd?: number;
      /** @description The same in GW, where the deals record it */
      capacityAtRiskGw?: number | null;
      /** @description liquidity reading: what it cannot pay */
      liquidityShortfallUsd?: number;
      /** @description Clearing payment (Eisenberg–Noe, Rogers–Veraart) */
      paymentUsd?: number;
      /** @description DebtRank distress in [0, 1] */
      distress?: number;
    } & {
      [key: string]: unknown;
    };
    /** @description The parameters the run used, every default filled in */
    ScenarioParamsUsed: {
      /** @enum {string} */
      basis: 'balance-sheet' | 'liquidity' | 'full-commitment';
      alpha: number;
      beta: number;
      recoveryRate: number;
      equityRecoveryRate: number;
      /** @description null: full-commitment without one (all owed now) */
      horizonDays: number | null;
      damagesRate: number;
      /** @enum {string} */
      minCertainty: 'binding' | 'conditional' | 'intent';
      /** @enum {string} */
      minConfidence: 'high' | 'medium' | 'low';
      /** @enum {string} */
      estimates: 'omit' | 'low' | 'central' | 'high';
      /** @enum {string} */
      periods?: 'year';
    };
    /** @description A run’s result (API.md "Scenarios"). basis, params, baselineDefaults and caveats are absent only on runs recorded before the readings (computed on the full-commitment reading, without a baseline) */
    ScenarioResult: {
      /** @enum {string} */
      model?: 'eisenberg-noe' | 'rogers-veraart' | 'furfine' | 'debtrank';
      /** @enum {string} */
      basis?: 'balance-sheet' | 'liquidity' | 'full-commitment';
      params?: components['schemas']['ScenarioParamsUsed'];
      companies: components['schemas']['ScenarioCompany'][];
      /** @description Companies the shock caused to default, in order */
      defaults: string[];
      /** @description Companies that fail with no shock at all */
      baselineDefaults?: string[];
      rounds: number;
      /** @description With periods: "year": how many years were cleared, from `at` to the last maturity */
      years?: number;
      /** @description The part of totalLossUsd taken in round 1, measured as it is: every lossDirectUsd, and (clearing models) what the outside creditors of the companies the scenario defaults lose; never above totalLossUsd */
      initialLossUsd: number;
      totalLossUsd: number;
      amplification: number | null;
      grossMultiplier?: number | null;
      netMultiplier?: number | null;
      externalCreditorLossUsd?: number;
      debtRank?: number;
      caveats?: components['schemas']['Caveat'][];
    } & {
      [key: string]: unknown;
    };
    /** @description The saved scenario’s id and its result */
    ScenarioRun: {
      id: string;
      result: components['schemas']['ScenarioResult'];
      knownAt?: string;
      position?: number;
    } & {
      [key: string]: unknown;
    };
    /** @description The hash chain of every stream, and its first broken link if any */
    ChainReport: {
      ok: boolean;
      /** @description Events checked */
      checked: number;
      streams?: number;
      broken: ({
        stream: string;
        revision: number;
        position: number;
        problems: string[];
      } & {
        [key: string]: unknown;
      })[];
      anchoredStreams?: number;
      /** @description The first break in global order, null when intact */
      firstBroken?: {
        stream: string;
        revision: number;
        position: number;
        problems: string[];
      } | null;
      /** @description The store as a whole: its id, its seal and the anchor kept outside it */
      store?: {
        storeId?: string | null;
        sealed?: boolean;
        head?: {
          position?: number;
          seal?: string;
        } | null;
        anchor?: {
          storeId?: string;
          position?: number;
          seal?: string;
        } | null;
        trouble?: string;
      } & {
        [key: string]: unknown;
      };
    } & {
      [key: string]: unknown;
    };
    /** @description Liveness and readiness: 200 when ready, 503 otherwise */
    Health: {
      /** @enum {string} */
      status: 'up' | 'degraded' | 'starting' | 'down';
      ready: boolean;
      eventStore: {
        kind: string;
        state: string;
        location?: string;
        headPosition?: number;
        detail?: string;
      } & {
        [key: string]: unknown;
      };
      parts: {
        [key: string]: {
          status: string;
        } & {
          [key: string]: unknown;
        };
      };
    } & {
      [key: string]: unknown;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  CompanyReadsController_list: {
    parameters: {
      query?: {
        /** @description Wait (up to 5 s, then 504) until the projection has reached this global position */
        minPosition?: unknown;
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
        /** @description Effective (valid) time, ISO 8601; default now */
        at?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  CompaniesController_register: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RegisterCompanyDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The id exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  CompanyReadsController_financials: {
    parameters: {
      query?: {
        /** @description Wait (up to 5 s, then 504) until the projection has reached this global position */
        minPosition?: unknown;
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
        /** @description Effective (valid) time, ISO 8601; default now */
        at?: unknown;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The report in force at `at` and the flows moved onto it since; null figures are not reported */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Financials'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  CompaniesController_financials: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReportFinancialsDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  CompaniesController_recordDefault: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordDefaultDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  CompaniesController_cure: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CureDefaultDto'];
      };
    };
    responses: {
      /** @description The default is cured */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  DealsController_record: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordDealDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The id exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  DealReadsController_get: {
    parameters: {
      query?: {
        /** @description true: every amount lists its deals and the event positions it came from */
        explain?: unknown;
        /** @description Wait (up to 5 s, then 504) until the projection has reached this global position */
        minPosition?: unknown;
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
        /** @description Effective (valid) time, ISO 8601; default now */
        at?: unknown;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The deal as of (at, knownAt). Its parties are named by role: buyer and seller, investor and investee, or lender and borrower. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Deal'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  DealsController_amend: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
        /** @description The revision the change is based on; 409 with currentRevision when it moved on */
        'If-Match'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AmendDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description If-Match names a revision that is no longer current: the body carries currentRevision */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  DealsController_terminate: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['TerminateDealDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  DealsController_pay: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RecordPaymentDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  DealsController_writeDown: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['WriteDownDealDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  DealsController_retract: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RetractDealDto'];
      };
    };
    responses: {
      /** @description Recorded in error: the deal never existed, though the audit keeps it */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WriteResultDto'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ImportController_run: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Lines `{ "command": "register-company" | "report-financials" | "record-default" | "cure-default" | "record-deal" | "amend-deal" | "terminate-deal" | "record-payment" | "write-down-deal" | "retract-deal", ...the HTTP body, id?, idempotencyKey? }` */
    requestBody: {
      content: {
        'application/json': {
          command: string;
        }[];
        'application/x-ndjson': {
          command: string;
        }[];
      };
    };
    responses: {
      /** @description { total, succeeded, failed, position, results: [{ line, ok, command, id, revision, position, error? }] } */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company or deal does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  CompanyReadsController_get: {
    parameters: {
      query?: {
        /** @description Wait (up to 5 s, then 504) until the projection has reached this global position */
        minPosition?: unknown;
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
        /** @description Effective (valid) time, ISO 8601; default now */
        at?: unknown;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  CompanyReadsController_exposure: {
    parameters: {
      query?: {
        /** @description How many top counterparties (default 10) */
        top?: unknown;
        /** @description true: every amount lists its deals and the event positions it came from */
        explain?: unknown;
        /** @description Deals at or above this certainty count (default binding) */
        minCertainty?: 'binding' | 'conditional' | 'intent';
        /** @description Deals at or above this source confidence count (default low) */
        minConfidence?: 'high' | 'medium' | 'low';
        /** @description Which estimate stands for a missing amount (default central) */
        estimates?: 'omit' | 'low' | 'central' | 'high';
        /** @description H: installments due within it count in full in lossGivenDefaultUsd (default 365) */
        horizonDays?: unknown;
        /** @description d, 0–1: the share of supply installments beyond H a failing buyer owes (default 0.25; a deal's own damagesRate overrides it) */
        damagesRate?: unknown;
        /** @description Wait (up to 5 s, then 504) until the projection has reached this global position */
        minPosition?: unknown;
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
        /** @description Effective (valid) time, ISO 8601; default now */
        at?: unknown;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Totals by kind, top counterparties, concentration (Herfindahl, largest exposure / equity) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CompanyExposure'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  CompanyReadsController_timeline: {
    parameters: {
      query?: {
        /** @description day, week, month (default), quarter, year, or P<n>D/W/M/Y */
        step?: unknown;
        /** @description Default: `at` (now) */
        to?: unknown;
        /** @description Default: a year before `to` */
        from?: unknown;
        /** @description Wait (up to 5 s, then 504) until the projection has reached this global position */
        minPosition?: unknown;
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
        /** @description Effective (valid) time, ISO 8601; default now */
        at?: unknown;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ExposuresController_network: {
    parameters: {
      query?: {
        /** @description true: every amount lists its deals and the event positions it came from */
        explain?: unknown;
        /** @description Wait (up to 5 s, then 504) until the projection has reached this global position */
        minPosition?: unknown;
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
        /** @description Effective (valid) time, ISO 8601; default now */
        at?: unknown;
        /** @description Deals at or above this certainty count (default binding) */
        minCertainty?: 'binding' | 'conditional' | 'intent';
        /** @description Deals at or above this source confidence count (default low) */
        minConfidence?: 'high' | 'medium' | 'low';
        /** @description Which estimate stands for a missing amount (default central) */
        estimates?: 'omit' | 'low' | 'central' | 'high';
        /** @description H: installments due within it count in full in lossGivenDefaultUsd (default 365) */
        horizonDays?: unknown;
        /** @description d, 0–1: the share of supply installments beyond H a failing buyer owes (default 0.25; a deal's own damagesRate overrides it) */
        damagesRate?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description { at, knownAt, companies: [{ id, equityUsd, externalAssetsUsd, exposureOutUsd, exposureInUsd, defaulted }], edges: [{ holder, counterparty, kind, amountUsd, deals }] } */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ExposureNetwork'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ExposuresController_cycles: {
    parameters: {
      query?: {
        /** @description Deals at or above this certainty count (default intent: every deal; each ring and leg says its weakest certainty) */
        minCertainty?: 'binding' | 'conditional' | 'intent';
        /** @description Most cycles reported (default 100) */
        limit?: unknown;
        /** @description Longest ring searched (2–8, default 4) */
        maxLength?: unknown;
        /** @description Wait (up to 5 s, then 504) until the projection has reached this global position */
        minPosition?: unknown;
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
        /** @description Effective (valid) time, ISO 8601; default now */
        at?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Rings of money among active deals, and deals flagged as vendor financing */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Cycles'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ExposureDatesController_dates: {
    parameters: {
      query?: {
        /** @description Recorded (system) time, ISO 8601; default now */
        knownAt?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description { knownAt, position, dates: [{ date, kinds, restatement, count, changes (at most 20, restatements first): [{ kind, entity, id, restatement, position }] }] } — a restatement was recorded after a later-dated event of the same deal or company */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ExposureAdminController_rebuild: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description { version, progress } — follow it in GET /health or GET /admin/projections/exposure */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ExposureAdminController_status: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ScenariosController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Saved scenarios, newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ScenariosController_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description A retry with the same key and body gets the first answer and records nothing new */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateScenarioDto'];
      };
    };
    responses: {
      /** @description `{ id, result, digest, knownAt, position }`: the run, recorded in stream scenario-<id> */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScenarioRun'];
        };
      };
      /** @description The scenario cannot run (the message names the field); nothing is recorded */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The Idempotency-Key was already used for a different request */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ScenariosController_sweep: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['SweepDto'];
      };
    };
    responses: {
      /** @description Distribution of system loss: mean, VaR and expected shortfall at 95 % and 99 %, histogram */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ScenariosController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The definition, the knownAt it ran at, its runs and its `result` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ScenariosController_rerun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Runs the scenario again at its recorded knownAt: `reproduced` is true when the digest matches the first run */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ScenariosController_exposures: {
    parameters: {
      query?: {
        /** @description Default: the scenario date */
        at?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The scenario timeline (real history with the overlay) at `at`, as GET /exposures answers it */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ExposureNetwork'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  ScenariosController_compare: {
    parameters: {
      query?: {
        /** @description Default: the scenario date */
        at?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Per company and per edge: baseline, scenario and difference */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  AnalysisController_systemic: {
    parameters: {
      query?: {
        /** @description Default central */
        estimates?: 'omit' | 'low' | 'central' | 'high';
        /** @description Default low */
        minConfidence?: 'high' | 'medium' | 'low';
        /** @description Default binding */
        minCertainty?: 'binding' | 'conditional' | 'intent';
        /** @description Rogers–Veraart β */
        beta?: unknown;
        /** @description Rogers–Veraart α */
        alpha?: unknown;
        /** @description Shareholders' recovery on a failing company's stakes, default 0 */
        equityRecoveryRate?: unknown;
        /** @description Default 0.25 */
        damagesRate?: unknown;
        /** @description Default 365 */
        horizonDays?: unknown;
        /** @description How deals are read (default balance-sheet) */
        basis?: 'balance-sheet' | 'liquidity' | 'full-commitment';
        /** @description Recovery of the failing company, default 0 */
        recoveryRate?: unknown;
        /** @description Default debtrank */
        model?: 'eisenberg-noe' | 'rogers-veraart' | 'furfine' | 'debtrank';
        knownAt?: unknown;
        at?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every company fails alone in turn, against the run with no shock (companies failing anyway are never counted as caused); ranked by total loss, then failures caused */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Systemic'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  LiveController_stream: {
    parameters: {
      query?: {
        /** @description resume after this message id (a global position: every message of it was delivered) */
        lastEventId?: unknown;
        /** @description the bearer token, for clients that cannot send an Authorization header (a browser EventSource); the header wins when both are sent */
        access_token?: unknown;
        /** @description only changes to the view at this effective date (restatements included) */
        at?: unknown;
        /** @description comma list of deal ids */
        deal?: unknown;
        /** @description comma list of company ids */
        company?: unknown;
        /** @description comma list of kinds or prefixes, e.g. `deal,company.defaulted` */
        topics?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  AuditController_dealHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every change: revision, type, effective and recorded time, actor, reason, and the fields it changed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['History'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  AuditController_companyHistory: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Every change: revision, type, effective and recorded time, actor, reason, and the fields it changed */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['History'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The company, deal or scenario does not exist (then) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  AuditController_log: {
    parameters: {
      query?: {
        /** @description the previous page’s nextCursor (alias: before, a global position) */
        cursor?: unknown;
        /** @description 1-500, default 50 */
        limit?: unknown;
        /** @description the company’s own changes and its deals’ */
        company?: unknown;
        deal?: unknown;
        /** @description recorded at or before */
        to?: unknown;
        /** @description recorded at or after */
        from?: unknown;
        actor?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  AuditController_verify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The hash chain of every stream, and its first broken link if any */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ChainReport'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description No token, or an unknown one (when TANGLE_TOKENS is set) */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The token’s role is too low, or a non-loopback caller without tokens configured */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description The event store does not answer; nothing is recorded */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
    };
  };
  HealthController_health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Liveness and readiness: 200 when ready, 503 otherwise */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      /** @description Bad input or a broken rule; `message` names the field. Nothing is recorded. A malformed JSON body, or one over the size limit, is a 400 naming `body` on any route. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorDto'];
        };
      };
      /** @description Not ready: the same body, saying which part is not */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
    };
  };
}
