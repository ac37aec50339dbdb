/**
 * Tests of a mini-app without a server: {@link dev.parley.sdk.simulator.Simulator} runs an app
 * folder in the platform's own sandbox against {@link dev.parley.sdk.simulator.MemoryHost}, an
 * in-memory host. See docs/sdk.md.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.sdk.simulator;
