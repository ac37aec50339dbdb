/**
 * Link previews: the title, description, site and image of a page a message links to, fetched by
 * the server through {@link dev.parley.core.common.net.PublicFetch}, cached, and added to a message
 * as its {@code linkPreview} extra. The browser never contacts the site: the image is re-encoded
 * and served by the platform.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.links;
