/** Narrowing for parsed JSON (webhook and API bodies arrive as `unknown`). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
