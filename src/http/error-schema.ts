/**
 * The error answers every route may give, as TypeBox schemas for the OpenAPI
 * description (errors.ts builds them; graph-admin.ts answers its own 401/403/409
 * in the same shape). Routes refer to them through openapi.ts;
 * test/http/openapi.test.ts checks real error bodies against them.
 */
import { Type } from '@sinclair/typebox'

export const ErrorBody = Type.Object(
  {
    error: Type.String({
      description: 'A stable code: bad_request, empty_batch, unauthorized, forbidden, payload_too_large, invalid_document, not_ready, internal, …',
    }),
    message: Type.String({ description: 'What is wrong, for a human' }),
  },
  { description: 'An error answer' },
)

export const ValidationErrorBody = Type.Object(
  {
    error: Type.Literal('validation'),
    field: Type.String({ description: 'The offending field, e.g. alerts.3.severity' }),
    message: Type.String(),
  },
  { description: 'The request does not match the schema: names the field' },
)
