/**
 * Version and commit of this build. `bun build --define` replaces the globals
 * in the compiled binary (package.json is not there at runtime);
 * from source they fall back to the package version and "dev".
 */
import pkg from '../package.json'

declare const AIOPS_BUILD_VERSION: string | undefined
declare const AIOPS_BUILD_COMMIT: string | undefined

export interface BuildInfo {
  version: string
  commit: string
}

export const buildInfo: BuildInfo = {
  version: typeof AIOPS_BUILD_VERSION === 'string' ? AIOPS_BUILD_VERSION : pkg.version,
  commit: typeof AIOPS_BUILD_COMMIT === 'string' ? AIOPS_BUILD_COMMIT : 'dev',
}
