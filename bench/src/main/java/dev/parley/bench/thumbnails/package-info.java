/**
 * {@code ./parley bench thumbnails}: the time to make an image attachment's preview (decode,
 * orient, scale to 320 px, JPEG, BlurHash) per image, p50/p99, beside just decoding the same image.
 * See bench/README.md ("thumbnails").
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.thumbnails;
