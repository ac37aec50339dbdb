/**
 * Customer care in business conversations (issue 22): an inbox for a business's agents and
 * supervisors, the handover between the bot and people ({@code bot → waiting_for_agent → agent →
 * resolved → bot}), assignment within each agent's cap (safe under concurrent arrivals), business
 * hours and an honest out-of-hours answer, SLA timers counted in business hours, private notes,
 * labels, canned replies, CSAT once per episode, reports, live events to agents and the audit log.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.business.care;
