// The regulator's pages of the portal. `dashboard` answers /portal for a signed-in regulator.
import express, { type Request, type Response } from 'express';
import type { RegistryContext } from '../server/context.ts';
import { portalReader, renderPortal } from '../server/site/portal/render.ts';

export function portalRegulatorRouter(_ctx: RegistryContext) {
  const router = express.Router();
  function dashboard(req: Request, res: Response): Promise<void> {
    renderPortal(req, res, 'portal/regulator-dashboard', { title: portalReader(req).p('portal') });
    return Promise.resolve();
  }
  return { router, dashboard };
}
