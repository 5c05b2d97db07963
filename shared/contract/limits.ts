/**
 * The contract's length limits, apart from its schemas (zod) so the window's forms can show them without
 * building the schemas at start-up (issue 14, first rows). define.ts and appetite.ts re-export them.
 */
export const LIMITS = {
  ref: 20,
  category: 100,
  description: 2000,
  mitigation: 10000,
  ownerInitials: 40,
  ownerName: 200,
  reason: 1000,
  registerName: 200,
  path: 4096,
} as const;

export const APPETITE_STATEMENT_MAX = 5000;
