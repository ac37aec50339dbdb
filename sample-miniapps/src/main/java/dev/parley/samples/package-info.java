/** The sample mini-apps shipped with Parley, as bundle zips. */
package dev.parley.samples;
