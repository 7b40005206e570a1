/**
 * Pricing in status webhooks, per-message pricing (PMP) as of 2025-07-01: marketing and
 * authentication templates are always charged; utility templates and free-form (service)
 * messages are free inside an open customer-service window.
 *
 * Which statuses carry it: `sent`, and one of `delivered` / `read` (whichever goes out
 * first). Payload versions v23 and below also carry `conversation` on those same statuses
 * (its id now per message); v24+ omit it outside free-entry-point windows.
 */
import type { TemplateCategory } from '../engine/outbound.js';

export type PricingCategory = 'marketing' | 'utility' | 'authentication' | 'service';

export interface Pricing {
  billable: boolean;
  pricing_model: 'PMP';
  category: PricingCategory;
  type: 'regular' | 'free_customer_service';
}

const TEMPLATE_PRICING: Record<TemplateCategory, PricingCategory> = {
  MARKETING: 'marketing',
  UTILITY: 'utility',
  AUTHENTICATION: 'authentication',
};

/** Pricing of a send: a template's category, or `service` for free-form messages. */
export function pricingFor(template: TemplateCategory | undefined, windowOpen: boolean): Pricing {
  const category: PricingCategory = template ? TEMPLATE_PRICING[template] : 'service';
  const free = category === 'service' || (category === 'utility' && windowOpen);
  return {
    billable: !free,
    pricing_model: 'PMP',
    category,
    type: free ? 'free_customer_service' : 'regular',
  };
}

/** Major version of `v23.0` → 23; unknown shapes count as current. */
export function majorVersion(version: string): number {
  const match = /^v(\d+)/.exec(version);
  return match ? Number(match[1]) : Number.POSITIVE_INFINITY;
}

/** Whether status webhooks of this payload version carry `conversation`. */
export function carriesConversation(version: string): boolean {
  return majorVersion(version) <= 23;
}
