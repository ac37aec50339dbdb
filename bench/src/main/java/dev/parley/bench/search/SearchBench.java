package dev.parley.bench.search;

import dev.parley.core.chat.Message;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.storage.Database;
import dev.parley.core.common.storage.DatabaseOptions;
import dev.parley.core.search.MessageHit;
import dev.parley.core.search.MessageSearch;
import dev.parley.core.search.MessageSearches;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * {@code ./parley bench search}: fills an embedded platform database (H2, as {@code ./parley
 * start} has it) with messages across many conversations, written in bulk by JDBC; measures the
 * Lucene index's throughput by a rebuild from the database and by live indexing (the path of a
 * send), then the latency of realistic queries (one word, two words, a word being typed) of a
 * member of 20 conversations. Prints the figures.
 */
public final class SearchBench {

  /** The target of the issue: p99 of message search over 1,000,000 messages. */
  static final double P99_TARGET_MS = 50;

  private SearchBench() {
  }

  record Options(int messages, int conversations, int memberOf, int queries, int warmup, int live, Path workDir) {
    static Options parse(String[] args) {
      int messages = 1_000_000;
      int conversations = 10_000;
      int memberOf = 20;
      int queries = 3_000;
      int warmup = 1_000;
      int live = 50_000;
      Path work = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("-h") || a.equals("--help")) {
          System.out.println("""
              usage: ./parley bench search [--flag value ...]
                --messages N        messages in the database (default 1000000)
                --conversations N   conversations they are spread over (default 10000)
                --member-of N       conversations of the searching member (default 20)
                --queries N         measured queries (default 3000), after --warmup N (default 1000)
                --live N            messages indexed one by one as sends do (default 50000)
              """);
          System.exit(0);
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--messages" -> messages = positive(a, v);
          case "--conversations" -> conversations = positive(a, v);
          case "--member-of" -> memberOf = positive(a, v);
          case "--queries" -> queries = positive(a, v);
          case "--warmup" -> warmup = Integer.parseInt(v);
          case "--live" -> live = Integer.parseInt(v);
          case "--work-dir" -> work = Path.of(v);
          default -> throw new IllegalArgumentException("unknown flag " + a + " (--help lists them)");
        }
      }
      if (memberOf > conversations) {
        throw new IllegalArgumentException("--member-of must not exceed --conversations");
      }
      return new Options(messages, conversations, memberOf, queries, warmup, live, work);
    }

    private static int positive(String flag, String v) {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new IllegalArgumentException(flag + " must be at least 1, got " + v);
      }
      return n;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench search: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path work = o.workDir() != null ? o.workDir() : Files.createTempDirectory("parley-bench-search-");
    String url = "jdbc:h2:file:" + work.toAbsolutePath().resolve("db").resolve("parley");
    Path indexDir = work.resolve("index");
    System.out.printf(Locale.ROOT,
        "bench search: %,d messages in %,d conversations, a member of %d; load average %.1f%n",
        o.messages(), o.conversations(), o.memberOf(), load());
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, new DatabaseOptions().setUrl(url)).await(5, TimeUnit.MINUTES);
      Fill fill = fill(url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", o);

      MessageSearch search = MessageSearches.openForRebuild(vertx, db, Optional.of(indexDir), Clock.systemUTC())
          .await(1, TimeUnit.MINUTES);
      long t0 = System.nanoTime();
      long rebuildCpu0 = cpu();
      long[] shown = {0};
      long indexed = search.rebuild(n -> {
        if (n - shown[0] >= 200_000) {
          shown[0] = n;
          System.out.printf(Locale.ROOT, "  rebuild: %,d indexed%n", n);
        }
      }).await(1, TimeUnit.HOURS);
      double rebuildSeconds = (System.nanoTime() - t0) / 1e9;
      double rebuildCpuSeconds = (cpu() - rebuildCpu0) / 1e9;

      double liveRate = live(search, fill, o);

      SplittableRandom r = new SplittableRandom(7);
      List<String> queries = new ArrayList<>();
      for (int i = 0; i < o.warmup() + o.queries(); i++) {
        queries.add(query(fill.corpus(), r));
      }
      Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      long hits = 0;
      long empty = 0;
      long queryCpu0 = 0;
      for (int i = 0; i < queries.size(); i++) {
        if (i == o.warmup()) {
          queryCpu0 = cpu();
        }
        long q0 = System.nanoTime();
        List<MessageHit> found = search.search(fill.memberConversations(), queries.get(i), 20)
            .await(1, TimeUnit.MINUTES);
        long took = System.nanoTime() - q0;
        if (i >= o.warmup()) {
          all.recordValue(took);
          hits += found.size();
          empty += found.isEmpty() ? 1 : 0;
        }
      }
      double cpuPerQueryMs = (cpu() - queryCpu0) / 1e6 / o.queries();
      long indexBytes;
      try (Stream<Path> files = Files.walk(indexDir)) {
        indexBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      search.close().await(1, TimeUnit.MINUTES);
      db.close().await(1, TimeUnit.MINUTES);

      double p99 = all.getValueAtPercentile(99) / 1e6;
      System.out.printf(Locale.ROOT, """

          == message search, embedded default (H2 + Lucene), %,d messages ==
          bulk insert into H2 (JDBC batches)     %,.0f messages/s (%.1f s)
          index rebuild from the database        %,.0f messages/s (%,d indexed in %.1f s; index %.0f MiB)
                                                 %,.0f messages per CPU-second of the process (all threads)
          live indexing (index() per message)    %,.0f messages/s (%,d messages, 256 in flight)
          queries (member of %d conversations, %,d measured after %,d warm-up; one word, two words, prefixes)
            p50 %.2f ms   p95 %.2f ms   p99 %.2f ms   max %.2f ms   (mean hits %.1f, %d%% empty)
            CPU per query (process, all threads) %.2f ms
          p99 target < %.0f ms: %s
          load average at the end %.1f (2 cores shared)
          """, o.messages(), fill.rate(), fill.seconds(), indexed / rebuildSeconds, indexed, rebuildSeconds,
          indexBytes / 1048576.0, indexed / rebuildCpuSeconds, liveRate, Math.min(o.live(), o.messages()), o.memberOf(),
          o.queries(), o.warmup(),
          all.getValueAtPercentile(50) / 1e6, all.getValueAtPercentile(95) / 1e6, p99, all.getMaxValue() / 1e6,
          (double) hits / o.queries(), 100 * empty / o.queries(), cpuPerQueryMs, P99_TARGET_MS,
          p99 < P99_TARGET_MS ? "met" : "MISSED", load());
    } finally {
      vertx.close().await(1, TimeUnit.MINUTES);
      if (o.workDir() == null) {
        try (Stream<Path> files = Files.walk(work)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** A query as people type them: 45% one word, 25% two words, 30% a word being typed (3-5 letters). */
  static String query(Corpus corpus, SplittableRandom r) {
    double kind = r.nextDouble();
    if (kind < 0.45) {
      return corpus.searchedWord(r) + " ";
    }
    if (kind < 0.70) {
      return corpus.searchedWord(r) + " " + corpus.searchedWord(r) + " ";
    }
    String w = corpus.searchedWord(r);
    return w.substring(0, Math.min(w.length(), 3 + r.nextInt(3)));
  }

  record Fill(Corpus corpus, List<String> memberConversations, List<String> conversations, String senderId,
      double rate, double seconds) {
  }

  /** Accounts, conversations and messages, straight into the tables. */
  static Fill fill(String jdbcUrl, Options o) throws Exception {
    IdGenerator ids = IdGenerator.secure();
    Corpus corpus = new Corpus(20_000, 42);
    SplittableRandom r = new SplittableRandom(42);
    long now = System.currentTimeMillis();
    long year = 365L * 24 * 3600 * 1000;
    List<String> conversations = new ArrayList<>();
    String reader = ids.newId();
    List<String> senders = new ArrayList<>();
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(jdbcUrl, "sa", "")) {
      c.setAutoCommit(false);
      try (PreparedStatement a = c.prepareStatement("INSERT INTO accounts (id, username, display_name, password_hash, "
          + "created_at) VALUES (?, ?, ?, 'x', ?)")) {
        for (int i = 0; i <= 50; i++) {
          String id = i == 0 ? reader : ids.newId();
          if (i > 0) {
            senders.add(id);
          }
          a.setString(1, id);
          a.setString(2, "bench" + i);
          a.setString(3, i == 0 ? "Reader" : "Sender " + i);
          a.setLong(4, now - year);
          a.addBatch();
        }
        a.executeBatch();
      }
      try (
          PreparedStatement cs = c.prepareStatement("INSERT INTO conversations (id, kind, title, created_by, last_seq, "
              + "created_at, updated_at) VALUES (?, 'group', ?, ?, ?, ?, ?)");
          PreparedStatement ms = c.prepareStatement("INSERT INTO conversation_members (conversation_id, account_id, "
              + "role, joined_at, last_read_seq) VALUES (?, ?, 'member', ?, 0)")) {
        for (int i = 0; i < o.conversations(); i++) {
          String id = ids.newId();
          conversations.add(id);
          cs.setString(1, id);
          cs.setString(2, "Bench " + i);
          cs.setString(3, senders.get(i % senders.size()));
          cs.setLong(4, o.messages() / o.conversations() + 1);
          cs.setLong(5, now - year);
          cs.setLong(6, now);
          cs.addBatch();
          if (i < o.memberOf()) {
            ms.setString(1, id);
            ms.setString(2, reader);
            ms.setLong(3, now - year);
            ms.addBatch();
          }
        }
        cs.executeBatch();
        ms.executeBatch();
      }
      c.commit();
      // Bulk load: the secondary indexes of messages are made again after the rows are in (a sort
      // instead of a million random B-tree inserts); the schema ends exactly as the migrations made it.
      try (Statement st = c.createStatement()) {
        st.execute("ALTER TABLE messages DROP CONSTRAINT messages_seq");
        st.execute("ALTER TABLE messages DROP CONSTRAINT messages_client_id");
        st.execute("DROP INDEX messages_by_created_at");
        st.execute("DROP INDEX messages_by_edited_at");
      }
      c.commit();
      long[] seqs = new long[o.conversations()];
      try (PreparedStatement m = c.prepareStatement("INSERT INTO messages (id, conversation_id, seq, sender_id, "
          + "client_id, kind, body, created_at) VALUES (?, ?, ?, ?, NULL, 'text', ?, ?)")) {
        for (int i = 0; i < o.messages(); i++) {
          int conv = r.nextInt(o.conversations());
          m.setString(1, sequentialId(i));
          m.setString(2, conversations.get(conv));
          m.setLong(3, ++seqs[conv]);
          m.setString(4, senders.get(r.nextInt(senders.size())));
          m.setString(5, corpus.message(r));
          m.setLong(6, now - year + (long) ((double) year * i / o.messages()));
          m.addBatch();
          if ((i + 1) % 1_000 == 0) {
            m.executeBatch();
          }
          if ((i + 1) % 20_000 == 0) {
            c.commit();
          }
          if ((i + 1) % 200_000 == 0) {
            System.out.printf(Locale.ROOT, "  insert: %,d rows%n", i + 1);
          }
        }
        m.executeBatch();
      }
      System.out.printf(Locale.ROOT, "  insert: %,d rows in %.1f s; making the indexes again%n", o.messages(),
          (System.nanoTime() - t0) / 1e9);
      try (Statement st = c.createStatement()) {
        st.execute("ALTER TABLE messages ADD CONSTRAINT messages_seq UNIQUE (conversation_id, seq)");
        st.execute(
            "ALTER TABLE messages ADD CONSTRAINT messages_client_id UNIQUE (conversation_id, sender_id, client_id)");
        st.execute("CREATE INDEX messages_by_created_at ON messages (created_at, id)");
        st.execute("CREATE INDEX messages_by_edited_at ON messages (edited_at)");
      }
      c.commit();
      try (Statement st = c.createStatement()) {
        for (int i = 0; i < o.conversations(); i++) {
          st.addBatch("UPDATE conversations SET last_seq = " + seqs[i] + " WHERE id = '" + conversations.get(i) + "'");
          if ((i + 1) % 1_000 == 0) {
            st.executeBatch();
          }
        }
        st.executeBatch();
      }
      c.commit();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Fill(corpus, List.copyOf(conversations.subList(0, o.memberOf())), conversations, senders.getFirst(),
        o.messages() / seconds, seconds);
  }

  /** Ids in insertion order (20 letters, as the platform's): rows append to the primary key's B-tree. */
  static String sequentialId(long n) {
    StringBuilder id = new StringBuilder("m");
    for (int digit = 18; digit >= 0; digit--) { // 19 base-16 digits written with the letters a-p
      id.append((char) ('a' + (digit >= 16 ? 0 : (n >>> (4 * digit)) & 0xF)));
    }
    return id.toString();
  }

  /**
   * Messages handed to {@link MessageSearch#index} one by one, as the send path does (256 in
   * flight), each completed once written to the index; then the first search that makes them
   * visible. Documents only: they are not in the database (re-indexing after the bench never runs).
   */
  static double live(MessageSearch search, Fill fill, Options o) throws Exception {
    int n = Math.min(o.live(), o.messages());
    if (n == 0) {
      return 0;
    }
    SplittableRandom r = new SplittableRandom(99);
    Semaphore inFlight = new Semaphore(256);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      String conv = fill.conversations().get(r.nextInt(fill.conversations().size()));
      Message m = new Message(IdGenerator.secure().newId(), conv, 1_000_000 + i, Optional.of(fill.senderId()),
          "Sender", Optional.empty(), "text", fill.corpus().message(r), Instant.now());
      Future<Void> f = search.index(m);
      f.onComplete(x -> {
        if (x.failed()) {
          failure.compareAndSet(null, x.cause());
        }
        inFlight.release();
      });
    }
    inFlight.acquire(256);
    search.search(fill.memberConversations(), "bench", 1).await(1, TimeUnit.MINUTES); // the refresh that shows them
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("live indexing failed", failure.get());
    }
    return n / seconds;
  }

  /** CPU time of this process so far, all threads, in nanoseconds: what a loaded machine does not inflate. */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
