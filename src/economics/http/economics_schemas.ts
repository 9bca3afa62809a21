import { z } from 'zod';
import { comparedMetrics } from '../rules/compare_with_projection.js';

/**
 * The response of `GET /v1/admin/economics`, as documented in /openapi.json. The program manager's
 * console reads it: fields may be added, none renamed or removed (docs/economics.md).
 */
const count = z.number().int();
const cents = z.number().int().describe('integer cents');
const basisPoints = z.number().int().describe('basis points (1,200 = 12 %)');

const assumptionsSchema = z.object({
  years: z.array(
    z.object({
      activeAffiliates: count,
      signupsPerAffiliate: z.number(),
      activationRateBasisPoints: basisPoints,
      averageLtvCents: cents,
      commissionsCents: cents,
    }),
  ),
  agencies: z.array(
    z.object({
      size: z.string(),
      clientsPerYear: count,
      conversionRateBasisPoints: basisPoints,
      averageClientRevenueCentsPerMonth: cents,
    }),
  ),
  agencyShareRateBasisPoints: basisPoints,
  agencyShareCapCentsPerMonth: cents,
});

export const projectionSchema = z.object({
  assumptions: assumptionsSchema,
  results: z.object({
    years: z.array(
      z.object({
        year: count,
        activeAffiliates: count,
        signupsPerAffiliate: z.number(),
        referredSignups: z.number(),
        activationRateBasisPoints: basisPoints,
        activatedAccounts: z.number(),
        averageLtvCents: cents,
        commissionsCents: cents,
        revenueCents: cents,
        roiTenths: count.nullable().describe('ROI in tenths, rounded half up (173 = 17.3x)'),
        roiExact: z.string().nullable(),
      }),
    ),
    notes: z.array(z.string()),
  }),
  agencies: z.object({
    rows: z.array(
      z.object({
        size: z.string(),
        clientsPerYear: count,
        conversionRateBasisPoints: basisPoints,
        averageClientRevenueCentsPerMonth: cents,
        clientsConverted: z.number(),
        clientRevenueCentsPerYear: cents,
        agencyShareCentsPerMonth: cents,
        agencyShareCentsPerYear: cents,
        capped: z.boolean(),
      }),
    ),
    notes: z.array(z.string()),
  }),
});

const metricKeys = comparedMetrics.map(({ metric }) => metric) as [
  (typeof comparedMetrics)[number]['metric'],
  ...(typeof comparedMetrics)[number]['metric'][],
];
const unitKeys = ['count', 'decimal', 'basis_points', 'cents', 'tenths'] as const;

const figureSchema = z.object({
  metric: z.enum(metricKeys),
  label: z.string(),
  unit: z.enum(unitKeys),
  actual: z.number().nullable(),
  projected: z.number().nullable().describe('null beyond the projected years, or where the model has none'),
  difference: z.number().nullable().describe('actual − projected, of the figures as printed'),
});

const growthSchema = z.object({
  affiliatesJoined: count,
  referredAffiliatesJoined: count,
  referredAffiliateShareBasisPoints: basisPoints.nullable(),
  channelNewAcvCents: cents,
  totalNewAcvCents: cents,
  totalNewAcvSource: z.enum(['billing', 'input']),
  channelAcvShareBasisPoints: basisPoints.nullable(),
  costPerActivatedAccountCents: cents.nullable(),
  outboundCostPerAccountCents: cents,
  outboundToChannelCostTenths: count.nullable(),
});

export const actualsSchema = z.object({
  by: z.enum(['year', 'month']),
  programStart: z.string().nullable(),
  programStartSource: z.enum(['first_affiliate', 'input']),
  asOf: z.string(),
  periods: z.array(
    z.object({
      label: z.string(),
      programYear: count,
      start: z.string(),
      end: z.string(),
      complete: z.boolean(),
      figures: z.array(figureSchema),
      growth: growthSchema,
    }),
  ),
});

export const economicsResponseSchema = z.object({
  projection: projectionSchema,
  actual: actualsSchema.nullable().describe('the program’s own figures; null unless actual=true'),
});
