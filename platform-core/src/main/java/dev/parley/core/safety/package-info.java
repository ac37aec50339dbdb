/**
 * Safety and moderation: blocks between people ({@link dev.parley.core.safety.Blocks}), reports of
 * people and messages with their evidence copied ({@link dev.parley.core.safety.Reports}), the
 * moderators' actions ({@link dev.parley.core.safety.Moderation}: warn, remove a message, suspend,
 * restore, close a report) and the send rate limit ({@link dev.parley.core.safety.SendLimits}). The
 * chat knows none of it: it asks {@link dev.parley.core.chat.SendRules}, which
 * {@link dev.parley.core.safety.SafetyRules} implements.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.safety;
