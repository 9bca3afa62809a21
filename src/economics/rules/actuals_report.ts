import { actualFigures, type PeriodMeasures } from './actual_figures.js';
import {
  type ComparedFigure,
  compareFigures,
  projectedExact,
  projectedYearOf,
} from './compare_with_projection.js';
import { type GrowthFigures, growthFigures } from './growth_metrics.js';
import type { PeriodGrain, ProgramPeriod } from './program_periods.js';
import type { ResultsYear } from './project_results.js';

/**
 * The program's actual figures beside the projection, period by period: the shape
 * `GET /v1/admin/economics?actual=true` and `economics --actual --json` answer (kept stable;
 * new fields may be added, none renamed).
 */
export interface ActualsReport {
  by: PeriodGrain;
  /** The first day of program year 1; null while the program has no affiliate (and none was given). */
  programStart: string | null;
  /** `first_affiliate`: the month the first affiliate was created; `input`: given by the caller. */
  programStartSource: 'first_affiliate' | 'input';
  asOf: string;
  periods: ActualsPeriod[];
}

export interface ActualsPeriod {
  label: string;
  programYear: number;
  start: string;
  end: string;
  /** False for the period still running at `asOf` (its actuals are to date, its projection whole). */
  complete: boolean;
  figures: ComparedFigure[];
  growth: GrowthFigures;
}

export interface ActualsInputs {
  by: PeriodGrain;
  programStart: Date | null;
  programStartSource: ActualsReport['programStartSource'];
  asOf: Date;
  /** Every period from the program's start to `asOf`, and the measures of each, in order. */
  periods: readonly ProgramPeriod[];
  measures: readonly PeriodMeasures[];
  /** Which of `periods` to report (LTV so far needs all of them). */
  shown: readonly ProgramPeriod[];
  projectedYears: readonly ResultsYear[];
  outboundCostPerAccountCents: number;
  /** New ACV of all customers per program year, when configured; a month takes a twelfth (floored). */
  totalNewAcvCentsByYear: readonly number[] | undefined;
}

function totalNewAcvOf(period: ProgramPeriod, inputs: ActualsInputs): number | undefined {
  const year = inputs.totalNewAcvCentsByYear?.[period.programYear - 1];
  if (year === undefined) return undefined;
  return inputs.by === 'month' ? Math.floor(year / 12) : year;
}

export function actualsReport(inputs: ActualsInputs): ActualsReport {
  if (inputs.periods.length !== inputs.measures.length) {
    throw new Error(`${inputs.periods.length} periods but ${inputs.measures.length} measures`);
  }
  const figures = actualFigures(inputs.measures);
  const shown = new Set(inputs.shown);
  const periods = inputs.periods.flatMap((period, index) => {
    if (!shown.has(period)) return [];
    const actual = figures[index]!;
    const projected = projectedExact(projectedYearOf(period, inputs.projectedYears), inputs.by);
    return [
      {
        label: period.label,
        programYear: period.programYear,
        start: period.start.toISOString(),
        end: period.end.toISOString(),
        complete: period.end.getTime() <= inputs.asOf.getTime(),
        figures: compareFigures(actual, projected),
        growth: growthFigures(inputs.measures[index]!, actual, {
          outboundCostPerAccountCents: inputs.outboundCostPerAccountCents,
          totalNewAcvCents: totalNewAcvOf(period, inputs),
        }),
      },
    ];
  });
  return {
    by: inputs.by,
    programStart: inputs.programStart?.toISOString() ?? null,
    programStartSource: inputs.programStartSource,
    asOf: inputs.asOf.toISOString(),
    periods,
  };
}
