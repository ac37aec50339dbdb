/**
 * What every HTTP API shares: JSON bodies and answers, byte ranges, OpenAPI validation,
 * authentication, and problem responses (RFC 9457) at the edge.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.core.common.web;
