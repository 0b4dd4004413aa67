// The admin's pages of the portal (/portal/admin, also the admin's dashboard): agencies, programmes (legal
// basis, durations, extension limits, report frequency) and accounts (create a regulator bound to an
// agency, disable or enable an account, end its sessions). Each form is the admin API's body, read by the
// same schema and run by the same core function.
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { roleMay } from '../server/access/permissions.ts';
import { createUser, endSessions, listUsers, setDisabled } from '../server/accounts/admin.ts';
import { listAgencies, registerAgency } from '../server/agencies/agencies.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems } from '../server/errors.ts';
import { listProgrammes, programmeInput, registerProgramme } from '../server/programmes/programmes.ts';
import { FormState } from '../server/site/portal/forms.ts';
import { portalReader, renderPortal } from '../server/site/portal/render.ts';
import { fieldsOf, labelKey, splitVariants } from '../server/site/portal/schema-fields.ts';
import { toProblem } from '../middleware/errors.ts';
import { principalIn } from '../middleware/portal-session.ts';
import { agencyBody, userBody } from './admin.ts';
import { parseForm, postedForm } from './portal-forms.ts';

/** A regulator's account, as the admin creates it here: the API's user body with the role fixed. */
const regulatorBody = userBody
  .omit({ role: true, organizationId: true })
  .extend({ agencyId: userBody.shape.agencyId.unwrap() });

const FORMS = {
  agency: agencyBody,
  programme: programmeInput,
  regulator: regulatorBody,
} as const;
type FormName = keyof typeof FORMS;

const sf = { fieldsOf, splitVariants, labelKey };
const userId = z.string().regex(/^[0-9a-f]{24}$/);

export function portalAdminRouter(ctx: RegistryContext) {
  const router = express.Router();

  const mustBeAdmin = (res: Response) => {
    const principal = principalIn(res);
    if (!roleMay(principal.role, 'user:create')) throw problems.notFound();
    return principal;
  };

  async function show(req: Request, res: Response, failed?: { name: FormName; form: FormState }, status = 200) {
    const m = portalReader(req);
    const [agencies, programmes, users] = await Promise.all([
      listAgencies(ctx),
      listProgrammes(ctx),
      listUsers(ctx, {}, { limit: 200 }),
    ]);
    const agencyChoices = agencies.map((a) => ({ value: a.id, label: `${a.code} — ${m.agencyName(a)}` }));
    renderPortal(
      req,
      res,
      'portal/admin-dashboard',
      {
        title: m.p('adminTitle'),
        agencies,
        programmes,
        users: users.items,
        agencyCode: (id: string | null) => agencies.find((a) => a.id === id)?.code ?? '—',
        forms: (Object.keys(FORMS) as FormName[]).map((name) => ({
          name,
          schema: FORMS[name],
          form: failed?.name === name ? failed.form : FormState.empty(),
          open: failed?.name === name,
        })),
        choices: { agencyId: agencyChoices },
        defaults: new FormState({ reportFrequency: 'quarterly' }),
        sf,
        me: principalIn(res).userId,
      },
      status,
    );
  }

  async function dashboard(req: Request, res: Response) {
    mustBeAdmin(res);
    await show(req, res);
  }

  router.get('/portal/admin', dashboard);

  router.post('/portal/admin/:form', async (req, res) => {
    mustBeAdmin(res);
    const name = req.params.form;
    if (!Object.hasOwn(FORMS, name)) throw problems.notFound();
    const formName = name as FormName;
    try {
      if (formName === 'agency') await registerAgency(ctx, parseForm(agencyBody, req.body), { role: 'admin' });
      else if (formName === 'programme') await registerProgramme(ctx, parseForm(programmeInput, req.body));
      else await createUser(ctx, { ...parseForm(regulatorBody, req.body), role: 'regulator' });
    } catch (err) {
      const problem = toProblem(err);
      if ((problem?.status === 400 || problem?.status === 409) && problem.errors?.length)
        return show(req, res, { name: formName, form: postedForm(req, problem) }, problem.status);
      throw err;
    }
    res.redirect(303, `/portal/admin?done=${formName}#h-${formName}s`);
  });

  router.post('/portal/admin/users/:id/:action', async (req, res) => {
    const admin = mustBeAdmin(res);
    const id = userId.safeParse(req.params.id);
    if (!id.success) throw problems.notFound();
    const { action } = req.params;
    if (action === 'disable' || action === 'enable')
      await setDisabled(ctx, id.data, action === 'disable', admin.userId);
    else if (action === 'end-sessions') await endSessions(ctx, id.data, admin.userId);
    else throw problems.notFound();
    res.redirect(303, `/portal/admin?done=${action}#h-users`);
  });

  return { router, dashboard };
}
