/**
 * The append-only audit log: every state change of the registry, every role grant and every
 * refusal, with who did it and from where.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.audit;
