import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Pickle, type PickleStep } from '@cucumber/messages';

/** A parsed .feature file: its scenarios, with outlines expanded into one pickle per row. */
export interface Feature {
  readonly file: string;
  readonly name: string;
  readonly pickles: readonly Pickle[];
}

/** Parses every .feature file of `dir` with @cucumber/gherkin. */
export function loadFeatures(dir: string): Feature[] {
  const newId = IdGenerator.incrementing();
  return readdirSync(dir)
    .filter((file) => file.endsWith('.feature'))
    .sort()
    .map((file) => {
      const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
      const document = parser.parse(readFileSync(join(dir, file), 'utf8'));
      return {
        file,
        name: document.feature?.name ?? file,
        pickles: compile(document, file, newId),
      };
    });
}

/** A step's data table as rows of cell values, if it has one. */
export function tableOf(step: PickleStep): string[][] | undefined {
  return step.argument?.dataTable?.rows.map((row) => row.cells.map((cell) => cell.value));
}
