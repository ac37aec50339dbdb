/**
 * Profiles (docs/DESIGN.md, "Profiles and presence"): display name, about, avatar, username
 * changes, the account's locale, and presence with its privacy setting; the me-object and other
 * people's profiles, and the live {@code profile} event to everyone who shares a conversation.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.profiles;
