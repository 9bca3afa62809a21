import { z } from 'zod';
import type { RouteDeps } from '../../app/http/route_deps.js';
import { getEconomicsActuals } from '../get_economics_actuals.js';
import { briefAssumptions } from '../rules/assumptions.js';
import { project } from '../rules/projection.js';
import { projectionJson } from '../rules/projection_json.js';
import { economicsResponseSchema } from './economics_schemas.js';

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month, YYYY-MM')
  .describe('YYYY-MM');

/** The most a configured cost or contract value may be: keeps every product a safe integer. */
const centsMax = 100_000_000_000_000;

const querySchema = z
  .object({
    actual: z.enum(['true', 'false']).default('false').describe('add the program’s own figures'),
    by: z.enum(['year', 'month']).default('year').describe('program years, or calendar months'),
    from: month.optional().describe('first month to report (YYYY-MM, included)'),
    to: month.optional().describe('last month to report (YYYY-MM, included)'),
    programStart: month.optional().describe('first month of program year 1 (default: the first affiliate’s)'),
    outboundCostPerAccountCents: z.coerce
      .number()
      .int()
      .min(0)
      .max(centsMax)
      .optional()
      .describe('outbound sales cost per account, cents (default 300000: the brief’s $150 a lead at 5 %)'),
    totalNewAcvCents: z
      .string()
      .regex(/^\d{1,15}(,\d{1,15}){0,9}$/, 'comma-separated cents, one per program year (at most 10)')
      .optional()
      .describe('new ACV of all customers per program year, cents, comma-separated (default: billing’s)'),
  })
  .strict();

export function registerEconomicsRoutes({ app, context, guards }: RouteDeps): void {
  app.get(
    '/v1/admin/economics',
    {
      preHandler: guards.admin,
      schema: {
        tags: ['economics'],
        summary: "The brief's projection, and with actual=true the program's own figures beside it",
        querystring: querySchema,
        response: { 200: economicsResponseSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const projection = project(briefAssumptions);
      const actual =
        query.actual === 'true'
          ? await getEconomicsActuals(context, {
              by: query.by,
              from: query.from,
              to: query.to,
              programStart: query.programStart,
              outboundCostPerAccountCents: query.outboundCostPerAccountCents,
              totalNewAcvCentsByYear: query.totalNewAcvCents?.split(',').map(Number),
              assumptions: projection.assumptions,
            })
          : null;
      return { projection: projectionJson(projection), actual };
    },
  );
}
