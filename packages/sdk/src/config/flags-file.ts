import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { checkFlagsFile, type FlagsFile } from './definition.js';

/** The files looked for in the working directory when no path is given. */
export const DEFAULT_FLAGS_FILES = [
  'ramp.flags.yaml',
  'ramp.flags.yml',
  'ramp.flags.json',
] as const;

/** Finds the flags file: an explicit path, else the first default file in `cwd`. */
export function findFlagsFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined && explicit !== '') return resolve(cwd, explicit);
  for (const name of DEFAULT_FLAGS_FILES) {
    const candidate = join(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Reads and checks a flags file (JSON, or YAML through the optional `yaml` package).
 * Throws an Error whose message names the file and the problem.
 */
export function readFlagsFile(path: string): FlagsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read flags file ${path}: ${(err as Error).message}`);
  }
  const data = parse(path, text);
  const problems = checkFlagsFile(data);
  if (problems.length > 0) {
    throw new Error(`invalid flags file ${path}: ${problems.join('; ')}`);
  }
  return data as FlagsFile;
}

function parse(path: string, text: string): unknown {
  const ext = extname(path).toLowerCase();
  try {
    if (ext === '.yaml' || ext === '.yml') return loadYaml(path).parse(text);
    return JSON.parse(text) as unknown;
  } catch (err) {
    if (err instanceof MissingYamlError) throw err;
    throw new Error(`cannot parse flags file ${path}: ${(err as Error).message}`);
  }
}

class MissingYamlError extends Error {}

interface YamlModule {
  parse(text: string): unknown;
}

/**
 * The SDK has no runtime dependencies; YAML support comes from the app's own `yaml` package,
 * looked up from the flags file's folder and then from the working directory.
 */
function loadYaml(path: string): YamlModule {
  for (const base of [dirname(path), process.cwd()]) {
    try {
      return createRequire(join(base, 'noop.js'))('yaml') as YamlModule;
    } catch {
      // try the next place
    }
  }
  throw new MissingYamlError(
    `reading ${path} needs the optional peer dependency "yaml": run \`npm install yaml\`, or use a .json flags file`,
  );
}
