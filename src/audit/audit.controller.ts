import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ValidationError } from '../shared/errors';
import { parseSlug } from '../shared/ids';
import { parseOptionalInstant } from '../shared/time';
import { AuditPage, AuditQuery, AuditService } from './audit.service';
import { HistoryEntry } from './domain/history';

const MAX_LIMIT = 500;

function optionalSlug(value: unknown, field: string): string | undefined {
  return value === undefined || value === ''
    ? undefined
    : parseSlug(value, field);
}

function optionalInt(
  value: unknown,
  field: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw new ValidationError(
      field,
      `must be an integer from ${min} to ${max}`,
    );
  const text = value;
  if (!/^\d{1,15}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new ValidationError(
      field,
      `must be an integer from ${min} to ${max}`,
    );
  }
  return Number(text);
}

export function parseAuditQuery(q: Record<string, unknown>): AuditQuery {
  if (q.actor !== undefined && typeof q.actor !== 'string')
    throw new ValidationError('actor', 'must be given once, as text');
  const actor = q.actor === undefined || q.actor === '' ? undefined : q.actor;
  if (actor !== undefined && actor.length > 200)
    throw new ValidationError('actor', 'must be at most 200 characters');
  const from = parseOptionalInstant(q.from, 'from');
  const to = parseOptionalInstant(q.to, 'to');
  if (from && to && Date.parse(from) > Date.parse(to))
    throw new ValidationError('from', 'must not be after to');
  const cursor = optionalInt(q.cursor, 'cursor', 1, Number.MAX_SAFE_INTEGER);
  const before = optionalInt(q.before, 'before', 1, Number.MAX_SAFE_INTEGER);
  return {
    actor,
    from,
    to,
    deal: optionalSlug(q.deal, 'deal'),
    company: optionalSlug(q.company, 'company'),
    limit: optionalInt(q.limit, 'limit', 1, MAX_LIMIT) ?? 50,
    before: cursor ?? before,
  };
}

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('deals/:id/history')
  @ApiOperation({
    summary:
      'Every change of a deal: revision, type, effective and recorded time, actor, reason, and the fields it changed',
    description:
      'A recording lists every field from null; an amendment only what it changed. 404 for an unknown deal.',
  })
  dealHistory(@Param('id') id: string): Promise<HistoryEntry[]> {
    return this.audit.history('deal', parseSlug(id, 'id'));
  }

  @Get('companies/:id/history')
  @ApiOperation({ summary: 'Every change of a company, like a deal’s history' })
  companyHistory(@Param('id') id: string): Promise<HistoryEntry[]> {
    return this.audit.history('company', parseSlug(id, 'id'));
  }

  @Get('audit')
  @ApiOperation({
    summary:
      'Recorded changes across the ledger, newest first, one page at a time',
    description:
      '`from`/`to` bound the recorded time. Answers `{ items, nextCursor }`; pass `nextCursor` as `cursor` for the next page.',
  })
  @ApiQuery({ name: 'actor', required: false })
  @ApiQuery({
    name: 'from',
    required: false,
    description: 'recorded at or after',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'recorded at or before',
  })
  @ApiQuery({ name: 'deal', required: false })
  @ApiQuery({
    name: 'company',
    required: false,
    description: 'the company’s own changes and its deals’',
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `1-${MAX_LIMIT}, default 50`,
  })
  @ApiQuery({
    name: 'cursor',
    required: false,
    description:
      'the previous page’s nextCursor (alias: before, a global position)',
  })
  log(@Query() query: Record<string, unknown>): Promise<AuditPage> {
    return this.audit.log(parseAuditQuery(query));
  }

  @Get('audit/verify')
  @ApiOperation({
    summary:
      "Walks the hash chain of every stream and the store's seal over the whole log, against the anchors",
    description:
      'Answers `{ ok, checked, streams, broken: [{ stream, revision, position, problems }], firstBroken, store: { storeId, sealed, head, anchor } }`. ' +
      'A break of the store as a whole names stream `$all` and its global position. A mismatch with the anchors is a break, never a warning.',
  })
  verify(): ReturnType<AuditService['verify']> {
    return this.audit.verify();
  }
}
