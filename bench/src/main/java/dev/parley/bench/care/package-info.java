/** {@code ./parley bench care}: a burst of conversations assigned within agents' caps; message-to-inbox latency. */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.care;
