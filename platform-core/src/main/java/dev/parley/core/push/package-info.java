/**
 * Web Push (RFC 8030, 8291, 8292 VAPID): browsers' subscriptions, the platform's VAPID key pair,
 * and a push to each member of a conversation who has no live session open when a message comes.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.push;
