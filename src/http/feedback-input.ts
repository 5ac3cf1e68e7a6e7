/**
 * The feedback of a plain HTML form post (the incident page without
 * JavaScript): root_cause, actions one a line, note, and confirm=1 from the
 * "Confirm" button, which takes the answer's root. Returns the same shape as
 * the JSON body; http/incidents.ts checks both against one schema.
 */

/** A form post (the page without script) rather than JSON. */
export function isFormPost(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')
}

/**
 * @example feedbackFromForm('root_cause=payment&actions=a%0Ab', 'payment-db') // { root_cause: 'payment', actions: ['a', 'b'] }
 */
export function feedbackFromForm(text: string, answerRoot: string | undefined): { root_cause: string; actions?: string[]; note?: string } {
  const form = new URLSearchParams(text)
  const root = form.get('confirm') === '1' && answerRoot ? answerRoot : (form.get('root_cause') ?? '').trim()
  const actions = (form.get('actions') ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
  const note = (form.get('note') ?? '').trim()
  return { root_cause: root, ...(actions.length > 0 ? { actions } : {}), ...(note ? { note } : {}) }
}
