/**
 * Media: audio files that apps' pages upload for a conversation (permission {@code media.upload}).
 *
 * <p>{@link dev.parley.core.apps.media.MediaApi} is the upload route (checked before the body is read,
 * the body capped while it streams); {@link dev.parley.core.apps.media.MediaStore} tells the format by
 * content (Apache Tika) and keeps the bytes once per SHA-256 with a row per upload, in one
 * transaction; {@link dev.parley.core.apps.media.AppMedia} is {@code parley.media.get} of server code.
 * The files are served on the app's own origin by {@link dev.parley.core.apps.pages.AppPages}.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.apps.media;
