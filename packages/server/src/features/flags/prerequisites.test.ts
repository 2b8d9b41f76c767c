import { describe, expect, it } from 'vitest';
import { flagFixture } from '../../testing/store-contract.js';
import { checkNoDependents, checkPrerequisites } from './prerequisites.js';

const flags = [
  flagFixture('a', { requires: ['b'] }),
  flagFixture('b', { requires: ['c'] }),
  flagFixture('c'),
  flagFixture('gone', { archived: true }),
];

describe('prerequisites', () => {
  it('must name live flags', () => {
    expect(() => checkPrerequisites(flagFixture('x', { requires: ['a', 'nope'] }), flags)).toThrow(
      'requires[1]: no flag "nope"',
    );
    expect(() => checkPrerequisites(flagFixture('x', { requires: ['gone'] }), flags)).toThrow(
      /^requires\[0\]/,
    );
    expect(() => checkPrerequisites(flagFixture('x', { requires: ['x'] }), flags)).toThrow(
      /itself/,
    );
    expect(() => checkPrerequisites(flagFixture('x', { requires: ['a'] }), flags)).not.toThrow();
  });

  it('must not form a cycle, however long', () => {
    expect(() => checkPrerequisites(flagFixture('c', { requires: ['a'] }), flags)).toThrow(
      'requires: would form a cycle: c -> a -> b -> c',
    );
  });

  it('keep a required flag from being archived', () => {
    expect(() => checkNoDependents('b', flags)).toThrow('flag "b" is required by "a"');
    expect(() => checkNoDependents('a', flags)).not.toThrow();
  });
});
