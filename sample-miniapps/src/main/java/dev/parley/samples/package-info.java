/** The sample mini-apps shipped with Parley, as bundle zips. */
@org.jspecify.annotations.NullMarked
package dev.parley.samples;
