import 'reflect-metadata';
import { compiledCheckOf } from '../../../common/compiled-validation';
import { validateAs } from '../../../common/validation';
import { ValidationError } from '../../../shared/errors';
import {
  CureDefaultDto,
  RecordDefaultDto,
  RegisterCompanyDto,
  ReportFinancialsDto,
} from './company.dto';
import {
  AmendDealDto,
  RecordDealDto,
  RecordPaymentDto,
  RetractDealDto,
  TerminateDealDto,
  WriteDownDealDto,
} from './deal.dto';

/**
 * The write bodies' compiled checks (common/compiled-validation.ts) against class-validator on the
 * same DTOs: a body the compiled check vouches for is one class-validator accepts, and every body
 * class-validator refuses is left to it (so the 400 names the field as it always did).
 */
type Dto = new () => object;

const cases: [Dto, { valid: object[]; invalid: object[] }][] = [
  [
    RecordPaymentDto,
    {
      valid: [
        { amountUsd: 1, effectiveAt: '2025-06-01' },
        { amountUsd: 5e9, effectiveAt: '2025-06-01T12:00:00Z' },
        { amountUsd: 1, effectiveAt: '2025-06-01', announcedAt: '2025-06-02' },
        { amountUsd: 1, effectiveAt: '2025-06-01', announcedAt: null },
      ],
      invalid: [
        {},
        { amountUsd: 0, effectiveAt: '2025-06-01' },
        { amountUsd: -1, effectiveAt: '2025-06-01' },
        { amountUsd: '1', effectiveAt: '2025-06-01' },
        { amountUsd: Infinity, effectiveAt: '2025-06-01' },
        { amountUsd: 1, effectiveAt: '2025-13-45' },
        { amountUsd: 1, effectiveAt: 20250601 },
        { amountUsd: 1 },
        { amountUsd: 1, effectiveAt: '2025-06-01', colour: 'red' },
        { amountUsd: 1, effectiveAt: '2025-06-01', announcedAt: 'soon' },
      ],
    },
  ],
  [
    WriteDownDealDto,
    {
      valid: [{ amountUsd: 1, effectiveAt: '2025-06-01', reason: 'impaired' }],
      invalid: [
        { amountUsd: 1, effectiveAt: '2025-06-01' },
        { amountUsd: 1, effectiveAt: '2025-06-01', reason: 7 },
      ],
    },
  ],
  [
    TerminateDealDto,
    {
      valid: [{ effectiveAt: '2025-06-01', reason: 'ended' }],
      invalid: [{ effectiveAt: '2025-06-01' }, { reason: 'ended' }],
    },
  ],
  [
    RetractDealDto,
    {
      valid: [{ reason: 'recorded in error' }],
      invalid: [{}, { reason: 'x', effectiveAt: 'never' }],
    },
  ],
  [
    RecordDealDto,
    {
      valid: [
        {
          kind: 'supply',
          buyer: 'openai',
          seller: 'oracle',
          amountUsd: 300e9,
          effectiveAt: '2025-09-10',
        },
        {
          id: 'd-1',
          kind: 'loan',
          lender: 'a',
          borrower: 'b',
          amountUsd: 1e9,
          effectiveAt: '2025-01-01',
        },
      ],
      invalid: [
        { kind: 'gift', buyer: 'a', seller: 'b', effectiveAt: '2025-01-01' },
        {
          id: 'Not A Slug',
          kind: 'supply',
          buyer: 'a',
          seller: 'b',
          amountUsd: 1,
          effectiveAt: '2025-01-01',
        },
        {
          kind: 'supply',
          buyer: 'a',
          seller: 'b',
          amountUsd: 1,
          effectiveAt: '2025-01-01',
          schedule: [{ date: '2025-13-45', amountUsd: 1 }],
        },
      ],
    },
  ],
  [
    AmendDealDto,
    {
      valid: [{ effectiveAt: '2026-01-01', reason: 'resized', amountUsd: 2e9 }],
      invalid: [{ effectiveAt: '2026-01-01', amountUsd: 2e9 }],
    },
  ],
  [
    RegisterCompanyDto,
    {
      valid: [
        { id: 'openai', name: 'OpenAI', effectiveAt: '2015-12-11' },
        { id: 'oracle', name: 'Oracle', equityUsd: 10e9, sector: 'cloud' },
      ],
      invalid: [
        { id: 'openai', name: '' },
        { id: 'OpenAI', name: 'OpenAI' },
        { id: 'openai', name: 'OpenAI', externalAssetsUsd: -1 },
      ],
    },
  ],
  [
    ReportFinancialsDto,
    {
      valid: [{ effectiveAt: '2025-12-31', equityUsd: 1e9 }],
      invalid: [{ equityUsd: 1e9 }],
    },
  ],
  [
    RecordDefaultDto,
    {
      valid: [{ effectiveAt: '2026-03-01', recoveryRate: 0.4 }],
      invalid: [{ effectiveAt: '2026-03-01', recoveryRate: 2 }],
    },
  ],
  [
    CureDefaultDto,
    {
      valid: [{ effectiveAt: '2026-04-01', reason: 'refinanced' }],
      invalid: [{ effectiveAt: '2026-04-01' }],
    },
  ],
];

describe('compiled body checks agree with class-validator on the write DTOs', () => {
  describe.each(cases.map(([dto, bodies]) => [dto.name, dto, bodies] as const))(
    '%s',
    (_name, dto, { valid, invalid }) => {
      it('given a body class-validator accepts, then the compiled check vouches for it', async () => {
        const check = compiledCheckOf(dto);
        for (const body of valid) {
          await expect(validateAs(dto, body)).resolves.toBeInstanceOf(dto);
          expect({ body, vouched: check?.({ ...body }) }).toEqual({
            body,
            vouched: true,
          });
        }
      });

      it('given a body class-validator refuses, then the compiled check leaves it to class-validator', async () => {
        const check = compiledCheckOf(dto);
        for (const body of invalid) {
          await expect(validateAs(dto, body)).rejects.toThrow(ValidationError);
          expect({ body, vouched: check?.({ ...body }) ?? false }).toEqual({
            body,
            vouched: false,
          });
        }
      });
    },
  );

  it('given a nested schedule, then the compiled check leaves it to class-transformer and class-validator', () => {
    const check = compiledCheckOf(RecordDealDto);
    expect(
      check?.({
        kind: 'supply',
        buyer: 'a',
        seller: 'b',
        amountUsd: 2,
        effectiveAt: '2025-01-01',
        schedule: [{ date: '2025-06-01', amountUsd: 2 }],
      }),
    ).toBe(false);
  });
});
