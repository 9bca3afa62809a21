import type { Assumptions } from './assumptions.js';
import { agencyNotes, resultsNotes } from './brief_notes.js';
import { type AgencyRow, projectAgencies } from './project_agencies.js';
import { projectResults, type ResultsYear } from './project_results.js';

/** The brief's two tables computed from their assumptions, with the notes that explain them. */
export interface Projection {
  assumptions: Assumptions;
  results: { years: ResultsYear[]; notes: string[] };
  agencies: { rows: AgencyRow[]; notes: string[] };
}

export function project(assumptions: Assumptions): Projection {
  const years = projectResults(assumptions.years);
  const rows = projectAgencies(assumptions.agencies, assumptions);
  return {
    assumptions,
    results: { years, notes: resultsNotes(assumptions, years) },
    agencies: { rows, notes: agencyNotes(assumptions, rows) },
  };
}
