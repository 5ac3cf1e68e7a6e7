/**
 * The confirm / correct control. A plain HTML form that POSTs
 * root_cause, actions (one a line) and note to /incidents/{id}/feedback, so
 * it works without JavaScript; a small inline script upgrades it to a JSON
 * fetch that shows the stored result in place. When AIOPS_API_TOKEN is set,
 * both carry the browser's session cookie (the page is only served to a
 * signed-in browser), so the page never holds or asks for the token.
 */
import type { StoredIncident } from '../store/incident-record.ts'
import { esc, incidentHref } from './html.ts'

const OUTCOME_TEXT: Record<string, string> = {
  top1: 'the answer had this root first',
  top3: 'the answer had this root among its top 3 candidates',
  miss: 'the answer missed this root',
}

/** One sentence about stored feedback (the page's summary and the form's result). */
export function feedbackSummary(f: StoredIncident['feedback']): string {
  if (!f) return 'No feedback yet.'
  return `Operator said root ${f.root_cause} (${f.outcome}: ${OUTCOME_TEXT[f.outcome] ?? f.outcome}) at ${f.at}.`
}

/**
 * The form, pre-filled with the answer's root (sending it unchanged confirms it).
 * @example feedbackForm(incident)
 */
export function feedbackForm(incident: StoredIncident): string {
  // "Send" comes first: Enter in the root field submits with the first button, and someone who typed
  // a service and pressed Enter means that service, not the answer's root.
  const root = incident.report.root_cause.service
  const current = incident.feedback
  const choices = new Set<string>([...incident.report.root_cause.candidates.map((c) => c.service), ...incident.services])
  const action = `${incidentHref(incident.id)}/feedback`
  return `<section aria-labelledby="feedback-h" class="feedback">
<h2 id="feedback-h">Confirm or correct</h2>
<p id="feedback-state">${esc(feedbackSummary(current))}</p>
<form id="feedback" method="post" action="${esc(action)}" data-root="${esc(root)}">
<p><label for="fb-root">Root cause service</label>
<input id="fb-root" name="root_cause" list="fb-services" required maxlength="256" value="${esc(current?.root_cause ?? root)}" autocomplete="off">
<datalist id="fb-services">${[...choices].map((s) => `<option value="${esc(s)}"></option>`).join('')}</datalist></p>
<p><label for="fb-actions">What fixed it <small>(one action a line)</small></label>
<textarea id="fb-actions" name="actions" rows="3">${esc((current?.actions ?? []).join('\n'))}</textarea></p>
<p><label for="fb-note">Note</label>
<textarea id="fb-note" name="note" rows="2">${esc(current?.note ?? '')}</textarea></p>
<p class="buttons"><button type="submit" id="fb-send">Send this root</button>
<button type="submit" id="fb-confirm" name="confirm" value="1">Confirm ${esc(root)}</button></p>
<p id="feedback-result" role="status" aria-live="polite"></p>
</form>
</section>`
}

// The upgrade script. It reads everything from the DOM (nothing is interpolated
// into it), so a hostile service name can never become code.
export const FEEDBACK_SCRIPT = `(function () {
  var form = document.getElementById('feedback');
  if (!form || !window.fetch || !window.JSON) return;
  var out = document.getElementById('feedback-result');
  var state = document.getElementById('feedback-state');
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var confirming = !!ev.submitter && ev.submitter.id === 'fb-confirm';
    var root = confirming ? form.getAttribute('data-root') : form.elements.root_cause.value.trim();
    if (confirming) form.elements.root_cause.value = root;
    var body = { root_cause: root, actions: form.elements.actions.value.split('\\n').map(function (s) { return s.trim(); }).filter(Boolean) };
    var note = form.elements.note.value.trim();
    if (note) body.note = note;
    var headers = { 'content-type': 'application/json', accept: 'application/json' };
    out.textContent = 'Sending…';
    fetch(form.action, { method: 'POST', headers: headers, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (!res.ok) {
            out.textContent = 'Not stored (' + res.status + '): ' + (data.message || data.error || res.statusText);
            return;
          }
          var f = data.feedback || data;
          var text = 'Stored: root ' + (f.root_cause || root) + (f.outcome ? ' (' + f.outcome + ')' : '') + '.';
          out.textContent = text;
          if (state) state.textContent = text;
        });
      })
      .catch(function (err) { out.textContent = 'Not sent: ' + err.message; });
  });
})();`
