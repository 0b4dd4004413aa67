// The regulator's pages of the portal: the dashboard of their agency — the review queue (oldest first,
// with its age), pilots with overdue reports, open incidents, claims awaiting a ruling with the law's
// assessment criterion by criterion, conditions in breach, tests ending soon. Decisions are taken on the
// pilot's page (routes/portal-pilots.ts), through the same rows as the API.
import express, { type Request, type Response } from 'express';
import type { RegistryContext } from '../server/context.ts';
import { pilotsInScope } from '../server/pilots/pilots.ts';
import { portalReader, renderPortal } from '../server/site/portal/render.ts';
import { attentionOf, type AttentionItem } from '../server/supervision/attention.ts';
import { principalIn } from '../middleware/portal-session.ts';

/** The dashboard's sections, in the order a supervisor works through them. */
export const REGULATOR_SECTIONS: AttentionItem['kind'][] = [
  'in_review',
  'clock_overdue',
  'claim_pending',
  'report_overdue',
  'incident_open',
  'condition_breached',
  'ending_soon',
  'clock_due',
];

export function portalRegulatorRouter(ctx: RegistryContext) {
  const router = express.Router();
  async function dashboard(req: Request, res: Response) {
    const m = portalReader(req);
    const now = ctx.now().toISOString();
    const pilots = await pilotsInScope(ctx, principalIn(res));
    const items = pilots.flatMap((p) => attentionOf(p.record, now).map((item) => ({ ...item, pilot: p.record })));
    const sections = REGULATOR_SECTIONS.map((kind) => ({
      kind,
      // Oldest first: the queue by submission, the rest by the date that makes them pressing.
      items: items.filter((i) => i.kind === kind).sort((a, b) => a.at.localeCompare(b.at)),
    }));
    const counts = {
      active: pilots.filter((p) => p.record.state === 'active').length,
      suspended: pilots.filter((p) => p.record.state === 'suspended').length,
    };
    renderPortal(req, res, 'portal/regulator-dashboard', { title: m.p('agencyDashboard'), sections, counts });
  }
  return { router, dashboard };
}
