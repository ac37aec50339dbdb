/**
 * Attachments of messages: tus uploads, content-addressed blob storage, the checks and previews of
 * {@code attachments.content} on the last byte, the send extension ({@code attachmentIds}), serving
 * to the uploader and the members of conversations holding a message with them, listings, quotas and
 * deletion once no message refers to a file.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.attachments;
