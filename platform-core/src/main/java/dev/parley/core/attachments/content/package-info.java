/**
 * What an uploaded file is and what the messenger may show of it: {@link dev.parley.core.attachments.content.ContentInspector}
 * decides the type by the content (never by the name or the client's header) and refuses mismatches,
 * zip bombs, polyglots and truncated images; {@link dev.parley.core.attachments.content.MetadataStripper}
 * removes EXIF, XMP and comments from images with their orientation applied; and
 * {@link dev.parley.core.attachments.content.PreviewMaker} makes thumbnails, placeholders, page counts,
 * durations and waveforms. Pure, blocking Java: callers run it on worker threads.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.attachments.content;
