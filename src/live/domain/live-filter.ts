import { LiveFact } from './live-fact';
import { LiveMessage, messagesOf } from './live-message';

/** What a subscriber asked for. Empty lists mean "all". */
export interface LiveFilter {
  readonly topics: readonly string[];
  readonly companies: readonly string[];
  readonly deals: readonly string[];
  /** Valid time of the view the subscriber watches (ISO instant), if scoped. */
  readonly at?: string;
}

export const ALL: LiveFilter = { topics: [], companies: [], deals: [] };

/** A topic is a kind (`deal.amended`) or a prefix of kinds (`deal`, `exposure`). */
export function topicMatches(topic: string, kind: string): boolean {
  return kind === topic || kind.startsWith(`${topic}.`);
}

/** Does the message pass the subscriber's filter? (The date scope is applied when building it.) */
export function messageMatches(
  message: LiveMessage,
  filter: LiveFilter,
): boolean {
  if (filter.topics.length > 0) {
    // A date-scoped message stands for the change that caused it: `deal` also picks those caused by deal events.
    const cause =
      typeof message.data.cause === 'string' && message.data.at !== undefined
        ? message.data.cause
        : undefined;
    const ok = filter.topics.some(
      (t) =>
        topicMatches(t, message.event) ||
        (cause !== undefined && topicMatches(t, cause)),
    );
    if (!ok) return false;
  }
  if (filter.companies.length > 0) {
    const companies = message.data.companies;
    if (
      !Array.isArray(companies) ||
      !filter.companies.some((c) => companies.includes(c))
    )
      return false;
  }
  if (filter.deals.length > 0) {
    const deals = message.data.deals;
    if (!Array.isArray(deals) || !filter.deals.some((d) => deals.includes(d)))
      return false;
  }
  return true;
}

/** Can a filter pass exposure messages? (If not, they need not be computed for it.) */
export function wantsExposure(filter: LiveFilter): boolean {
  return (
    filter.topics.length === 0 ||
    filter.topics.some(
      (t) =>
        topicMatches(t, 'exposure.changed') ||
        topicMatches(t, 'exposure.restated'),
    )
  );
}

/** The messages for this subscriber. */
export function messagesFor(fact: LiveFact, filter: LiveFilter): LiveMessage[] {
  return messagesOf(fact, filter.at).filter((m) => messageMatches(m, filter));
}
