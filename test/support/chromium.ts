/**
 * A real headless Chromium (Debian's package) driven over the DevTools
 * protocol by puppeteer-core, which drives a browser that is already there
 * and never downloads one. Every host name resolves to nothing except
 * 127.0.0.1, so a page that tried to load anything from outside would show
 * it (failed requests are collected). Fresh profile per launch, removed on close.
 */
import { rmSync } from 'node:fs'
import puppeteer, { type Browser } from 'puppeteer-core'
import { tempDir, which } from './processes.ts'
import { orSkip } from './required.ts'

/** The Chromium binary, or undefined (the browser tests skip only then). */
export const chromiumPath = orSkip('chromium (Debian package chromium)', which('chromium', 'chromium-browser', 'google-chrome'))

export interface OfflineBrowser {
  browser: Browser
  close(): Promise<void>
}

export async function launchOffline(): Promise<OfflineBrowser> {
  if (!chromiumPath) throw new Error('no chromium on PATH')
  const profile = tempDir('aiops-chromium-')
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    userDataDir: profile,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  })
  return {
    browser,
    async close() {
      await browser.close().catch(() => {})
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
