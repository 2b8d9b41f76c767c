import type { LocalFlag } from './local-flag.js';

/**
 * Hands out one frozen LocalFlag per distinct configuration, so flags configured alike
 * (`{ enabled: true, percentage: 10 }` a thousand times) share one object instead of holding
 * a copy each. Only plain configurations are shared: a flag with an error, a bucketBy group,
 * prerequisites or custom env var names keeps its own.
 */
export class SharedLocalFlags {
  readonly #byShape = new Map<string, LocalFlag>();

  /** The shared LocalFlag equal to `flag`, or `flag` itself when it is not a plain one. */
  share(flag: LocalFlag): LocalFlag {
    const shape = shapeOf(flag);
    if (shape === undefined) return flag;
    const shared = this.#byShape.get(shape);
    if (shared !== undefined) return shared;
    const frozen = Object.freeze(flag);
    this.#byShape.set(shape, frozen);
    return frozen;
  }
}

/** Every field of a plain LocalFlag as one string; undefined when the flag is not plain. */
function shapeOf(flag: LocalFlag): string | undefined {
  if (flag.error !== undefined || flag.bucketBy !== undefined || flag.requires.length !== 0) {
    return undefined;
  }
  const local = `${flag.source}|${flag.enabled}|${flag.percentage}|${flag.explicit}`;
  if (!flag.inCode) return local;
  const code = flag.definition;
  const plain =
    typeof code === 'object' &&
    code !== null &&
    code.env === undefined &&
    code.bucketBy === undefined &&
    code.requires === undefined &&
    (code.enabled === undefined || typeof code.enabled === 'boolean') &&
    (code.percentage === undefined || typeof code.percentage === 'number');
  return plain ? `${local}|in code: ${code.enabled}|${code.percentage}` : undefined;
}
