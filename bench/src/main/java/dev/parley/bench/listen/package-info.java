/**
 * The listening-together driver behind {@code ./parley bench listen}: it launches the server as a
 * separate process (as {@code ./parley start} does), puts the {@code music} sample in a group whose
 * members consented, opens one live WebSocket per member and times how long the music page's play,
 * pause, seek and skip calls take to reach every other member as a {@code page_broadcast}.
 */
@org.jspecify.annotations.NullMarked
package dev.parley.bench.listen;
