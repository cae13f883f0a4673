// Moved beside the deciders (src/ledger/domain/testing/); this path stays until the scenario decider's
// spec imports it from there (see .dependency-cruiser-known-violations.json).
export { specFor } from '../../src/ledger/domain/testing/decider-specification';
