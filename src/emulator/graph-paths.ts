/**
 * Graph paths: `/{version}/…`, where Graph also takes the path without the version.
 */
import { GraphError } from './errors.js';

/** Register each path with and without the version segment. */
export function versioned(path: string): string[] {
  return [`/:version${path}`, path];
}

/** `v23.0` and the like; anything else is not a path Graph knows. */
export function checkVersion(version: string | undefined): void {
  if (version !== undefined && !/^v\d+\.\d+$/.test(version))
    throw new GraphError(2500, undefined, {
      message: `Unknown path components: /${version}`,
      noErrorData: true,
    });
}
