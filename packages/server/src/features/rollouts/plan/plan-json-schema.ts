import { PlanFile } from './plan-schema.js';

/**
 * The plan schema as a standalone JSON Schema document (what `docs/plan.schema.json` holds),
 * for editors (`# yaml-language-server: $schema=...`) and other tools.
 */
export function planJsonSchema(): Record<string, unknown> {
  const { $id, title, ...rest } = JSON.parse(JSON.stringify(PlanFile)) as Record<string, unknown>;
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id, title, ...rest };
}
