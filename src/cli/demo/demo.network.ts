import {
  creditorDebtor,
  DEAL_KIND_TABLE,
  type DealParties,
} from '../../ledger/domain/deal-kinds';
import type { ExposureQueries } from '../../exposure/exposure.query-service';
import { NetworkDto } from '../commands/api-types';
import { day, pct, table, usd } from '../commands/output';
import { AFTER_MEGA_DEALS, heading, Story } from './demo.context';
import {
  dealsCell,
  ExplainedEdge,
  exposureBetween,
  largestDependencies,
  ringsThroughUnpricedDeals,
  STORY_DATES,
  summarise,
} from './demo.story';

/** GET /exposures/cycles' answer, as the server's queries build it (the document does not describe it). */
type CyclesAnswer = Awaited<ReturnType<ExposureQueries['cycles']>>;

const NVIDIA_OPENAI_DATES = [
  '2025-09-01',
  '2025-10-01',
  '2026-02-01',
  '2026-03-01',
];

/**
 * The first half of the story: the network on three dates, Nvidia and OpenAI date by date, the
 * largest single dependencies and the money that goes round in circles. Answers today's network,
 * which the what-ifs read.
 */
export async function tourNetwork(story: Story): Promise<NetworkDto> {
  const { target, options, io, minPosition } = story;
  const c = target.client;
  const today = options.today;
  const network = (at: string | undefined): Promise<NetworkDto> =>
    c.get<NetworkDto>('/exposures', { at, minPosition });

  // 1. The network on three dates.
  heading(io, 'The exposure network on three dates');
  io.out(
    'An edge "A loses if B fails" is what A stands to lose if B fails with nothing recovered.',
  );
  const views: NetworkDto[] = [];
  for (const d of STORY_DATES) {
    const view = await network(d.at ?? today);
    views.push(view);
    const s = summarise(view);
    io.out(
      `\n${d.label} (${day(view.at)}): ${s.companies} companies tied by ${s.edges} priced edges, ${usd(s.totalUsd)} in all`,
    );
    if (s.top.length > 0) {
      io.out(
        table(
          ['holder', 'loses if this fails', 'kind', 'amount', 'deals'],
          s.top.map((e) => [
            e.holder,
            e.counterparty,
            e.kind,
            usd(e.amountUsd),
            dealsCell(e.deals),
          ]),
          [3],
        ),
      );
    }
  }
  const now = views[views.length - 1];

  // 1b. Time travel on one relationship: what the ledger says about Nvidia and OpenAI, date by date.
  heading(io, 'Nvidia and OpenAI, date by date');
  io.out(
    'The $100B letter of intent (2025-09-22), its stall (2026-01-30), the $30B stake that replaced it (2026-02-27).\n' +
      'The letter and the 10 GW deal are `intent`, left out at the default certainty: read here with minCertainty=intent.',
  );
  const travel: (string | number)[][] = [];
  for (const at of NVIDIA_OPENAI_DATES) {
    const view = await c.get<NetworkDto>('/exposures', {
      at,
      minCertainty: 'intent',
      estimates: 'central',
      minPosition,
    });
    const between = view.edges.filter(
      (e) =>
        (e.holder === 'nvidia' && e.counterparty === 'openai') ||
        (e.holder === 'openai' && e.counterparty === 'nvidia'),
    );
    travel.push([
      at,
      between.length === 0
        ? 'no deal yet'
        : between
            .map(
              (e) =>
                `${e.holder} has ${e.amountUsd > 0 ? usd(e.amountUsd) : '(no amount)'} at stake if ${e.counterparty} fails (loses ${usd(e.lossGivenDefaultUsd ?? e.amountUsd)}): ${dealsCell(e.deals)}`,
            )
            .join('\n'),
    ]);
  }
  io.out(table(['at', 'exposures between Nvidia and OpenAI'], travel));

  // 2. The largest single dependencies, as a share of equity.
  heading(io, `The largest single dependencies (${day(now.at)})`);
  io.out(
    "Each company's largest gross exposure to one counterparty against its equity (its latest report moved by the flows since;\n" +
      'see GET /companies/<id>/financials), and what it would lose if that counterparty failed (loss given default).',
  );
  const deps = largestDependencies(now, 10);
  io.out(
    table(
      [
        'company',
        'on',
        'exposure',
        'loss given default',
        'equity',
        'share of equity',
        'deals',
      ],
      deps.map((d) => [
        d.company,
        d.counterparty,
        usd(d.amountUsd),
        usd(
          exposureBetween(now, d.company, d.counterparty).lossGivenDefaultUsd,
        ),
        usd(d.equityUsd),
        pct(d.share),
        dealsCell(d.deals),
      ]),
      [2, 3, 4, 5],
    ),
  );

  // 3. Money cycles.
  heading(io, `Money that goes round in circles (${AFTER_MEGA_DEALS})`);
  const cycles = await c.get<CyclesAnswer>('/exposures/cycles', {
    at: AFTER_MEGA_DEALS,
    minPosition,
  });
  if (cycles.cycles.length === 0) io.out('No cycles on this date.');
  else {
    io.out(
      table(
        ['ring', 'legs', 'round trip', 'weakest deal'],
        cycles.cycles
          .slice(0, 10)
          .map((cy) => [
            [...cy.companies, cy.companies[0]].join(' → '),
            cy.legs
              .map(
                (l) =>
                  `${l.from}→${l.to} ${l.kind} ${l.amountUsd > 0 ? usd(l.amountUsd) : '(no amount)'}${l.certainty === 'binding' ? '' : ` (${l.certainty})`}`,
              )
              .join('\n'),
            usd(cy.amountUsd),
            cy.certainty,
          ]),
        [2],
      ),
    );
  }
  for (const f of cycles.flagged ?? [])
    io.out(`flagged: ${f.dealId} (${f.from} → ${f.to}): ${f.reason}`);
  const explained = await c.get<{
    edges: ExplainedEdge[];
    caveats?: { kind: string; deal?: string }[];
  }>('/exposures', {
    at: AFTER_MEGA_DEALS,
    explain: true,
    minPosition,
  });
  // Views leave a deal with no published amount (and no estimate) out of the edges and name it in
  // caveats: read each one's parties so the rings through it can still be shown.
  const unpriced: ExplainedEdge[] = [];
  for (const caveat of explained.caveats ?? []) {
    if (caveat.kind !== 'omitted-unpriced' || !caveat.deal) continue;
    const d = await c.get<DealParties>(`/deals/${caveat.deal}`, {
      at: AFTER_MEGA_DEALS,
      minPosition,
    });
    const { creditor, debtor } = creditorDebtor(d);
    unpriced.push({
      holder: creditor,
      counterparty: debtor,
      kind: d.kind,
      amountUsd: 0,
      deals: [caveat.deal],
      unpricedDeals: [caveat.deal],
      explain: [
        {
          dealId: caveat.deal,
          amountUsd: 0,
          basis: DEAL_KIND_TABLE[d.kind].creditorBasis,
        },
      ],
    });
  }
  const rings = ringsThroughUnpricedDeals([...explained.edges, ...unpriced]);
  if (rings.length > 0) {
    io.out(
      '\nRings that close through a deal with no published amount (so the priced search above cannot count them):',
    );
    io.out(
      table(
        ['ring', 'one way', 'the other way'],
        rings.map((r) => [
          `${r.a} ⇄ ${r.b}`,
          ...r.legs.map(
            (l) =>
              `${l.from}→${l.to} ${l.amountUsd > 0 ? usd(l.amountUsd) : 'amount not published'}\n${dealsCell(l.deals)}`,
          ),
        ]),
      ),
    );
  }
  return now;
}
