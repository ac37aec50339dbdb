/**
 * Consent and pacing of business messages (issue 21): a customer's opt-ins per business and
 * category with the wording, place and time recorded; the 24-hour service window opened by the
 * customer's own message; templates reviewed by an admin for everything outside it; opt-out in one
 * tap or by keyword; caps the server enforces; the customer's own ledger ("Why am I getting
 * this?"); campaign counts that never single anyone out.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.business.consent;
