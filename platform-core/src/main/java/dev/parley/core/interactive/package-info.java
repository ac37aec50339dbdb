/**
 * Interactive messages: cards, carousels, quick replies, list pickers and date/time pickers, one
 * JSON Schema ({@code interactive.schema.json}) for every sender that may use them, a plain-text
 * fallback for each, and the customer's answers (a pressed reply, a chosen row or date, a shared
 * location) checked against the message they answer.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.interactive;
