/**
 * Conversations and messages, and their live fan-out over the event bus to the members' WebSocket
 * sessions.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.chat;
