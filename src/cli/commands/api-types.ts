/**
 * The answers of the API this CLI reads, by the names the CLI uses: each is a schema of the API's
 * OpenAPI document (src/api-client, generated from the server), never a copy kept by hand.
 */
import type { Schemas } from '../../api-client';

export type Kind = Schemas['Edge']['kind'];
export type CompanyRowDto = Schemas['CompanyRow'];
export type EdgeDto = Schemas['Edge'];
export type NetworkDto = Schemas['ExposureNetwork'];
export type CounterpartyDto = Schemas['Counterparty'];
export type CompanyExposureDto = Schemas['CompanyExposure'];
export type HistoryEntryDto = Schemas['HistoryEntry'];
export type ScenarioCompanyDto = Schemas['ScenarioCompany'];
export type ScenarioResultDto = Schemas['ScenarioResult'];
export type ScenarioDto = Schemas['ScenarioRun'];
/** GET /audit/verify: `{ ok, checked, broken: [{ stream, revision, position, problems }] }`. */
export type VerifyDto = Schemas['ChainReport'];
