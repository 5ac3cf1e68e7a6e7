/**
 * A short page that says one thing and links back: an unknown incident, or
 * feedback that could not be stored (the answer a plain form post gets).
 */
import { esc } from './html.ts'
import { pageShell } from './page-shell.ts'

/** @example renderMessagePage('Not found', 'No incident inc-1.', { href: '/ui', text: 'All incidents' }) */
export function renderMessagePage(title: string, message: string, back: { href: string; text: string }): string {
  return pageShell({
    title,
    body: `<main><h1>${esc(title)}</h1>\n<p role="alert">${esc(message)}</p>\n<p><a href="${esc(back.href)}">${esc(back.text)}</a></p></main>`,
  })
}
