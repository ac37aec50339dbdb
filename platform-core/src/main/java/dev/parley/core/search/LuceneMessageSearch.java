package dev.parley.core.search;

import dev.parley.core.chat.Message;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Message search on the embedded database: a Lucene index in the data directory, kept up to date
 * as messages are committed and rebuilt from the database on demand.
 *
 * <p>All index writes run in order on one writer thread; searches run on a small worker pool and
 * first ask the writer thread to make what was written so far visible (a near-real-time reopen,
 * only when something changed), so a search started after a send finds that message. Commits are
 * batched (once a second) and carry a watermark: the time up to which every message is in that
 * commit. At open, messages created or edited since the watermark (less a margin for transactions
 * still in flight) are read from the database again, so an unclean stop loses nothing.
 */
final class LuceneMessageSearch implements MessageSearch {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LuceneMessageSearch.class);

  static final String ID = "id";
  static final String CONVERSATION = "conversation";
  static final String SEQ = "seq";
  static final String SENDER = "sender";
  static final String TIME = "time";
  /** The names of the message's attachments, one a line (stored; their words are indexed with the text). */
  static final String NAMES = "names";
  static final String WATERMARK = "parley.watermark";

  /** How far before the watermark catch-up starts: a send's transaction reads the clock before it commits. */
  static final long CATCH_UP_MARGIN_MS = 60_000;
  /** Most hits one search answers. */
  static final int MAX_LIMIT = 100;
  /** Rows read from the database per page while rebuilding or catching up. */
  static final int PAGE = 2_000;
  /** The recency feature: worth {@link #RECENCY_WEIGHT} now, half of it this old, fading after. */
  static final long RECENCY_PIVOT_MS = 30L * 24 * 3600 * 1000;
  static final float RECENCY_WEIGHT = 1.0f;
  /** A word still being typed that only matches as a prefix counts less than a whole word. */
  static final float PREFIX_BOOST = 0.5f;

  private static final Sort SORT = new Sort(SortField.FIELD_SCORE,
      LongField.newSortField(TIME, true, SortedNumericSelector.Type.MAX));

  private final Vertx vertx;
  private final Database db;
  private final IndexedMessageRepository messages = new IndexedMessageRepository();
  private final Clock clock;
  private final Analyzer analyzer;
  private final Snippets snippets;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ExecutorService writes;
  private final WorkerExecutor reads;
  private final AtomicBoolean rebuildRunning = new AtomicBoolean();
  private final long commitTimer;
  /** Writes handed to the writer thread, and how many of them a search already sees: equal means no reopen is due. */
  private final java.util.concurrent.atomic.AtomicLong submitted = new java.util.concurrent.atomic.AtomicLong();
  private volatile long visible;
  private long applied; // writer thread only
  // The fields below are touched on the writer thread only.
  private boolean unrefreshed;
  private boolean holdCommits;
  private boolean closed;

  private LuceneMessageSearch(Vertx vertx, Database db, Clock clock, Analyzer analyzer, Directory directory,
      IndexWriter writer, ExecutorService writes) throws IOException {
    this.vertx = vertx;
    this.db = db;
    this.clock = clock;
    this.analyzer = analyzer;
    this.snippets = new Snippets(analyzer);
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.writes = writes;
    this.reads = vertx.createSharedWorkerExecutor("parley-search", 4);
    this.commitTimer = vertx.setPeriodic(1_000, t -> onWriter(() -> {
      commitIfChanged();
      return null;
    }).onFailure(e -> LOG.warn("search index commit failed", e)));
  }

  /**
   * Opens (or creates) the index in {@code dir}, in memory when empty, and catches up with the
   * database: from the last commit's watermark, or everything for a new index.
   */
  static Future<LuceneMessageSearch> open(Vertx vertx, Database db, Optional<Path> dir, Clock clock) {
    return open(vertx, db, dir, clock, true);
  }

  static Future<LuceneMessageSearch> open(Vertx vertx, Database db, Optional<Path> dir, Clock clock, boolean catchUp) {
    ExecutorService writes = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("parley-search-writer")
        .daemon().factory());
    Analyzer analyzer = Analysis.create();
    return vertx.executeBlocking(() -> {
      Directory directory;
      if (dir.isPresent()) {
        Files.createDirectories(dir.get());
        directory = FSDirectory.open(dir.get());
      } else {
        directory = new ByteBuffersDirectory();
      }
      try {
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setRAMBufferSizeMB(64)
            .setCommitOnClose(false);
        return new LuceneMessageSearch(vertx, db, clock, analyzer, directory, new IndexWriter(directory, config),
            writes);
      } catch (IOException | RuntimeException e) {
        directory.close();
        throw PlatformException.unavailable("cannot open the message search index in "
            + dir.map(Path::toString).orElse("memory") + ": " + e.getMessage(), e);
      }
    }, false).compose(search -> (catchUp ? search.catchUp() : Future.succeededFuture(0L)).map(search)
        .recover(failure -> search.close().transform(x -> Future.failedFuture(failure))))
        .onFailure(x -> writes.shutdown());
  }

  // ---- writing ----

  @Override
  public Future<Void> index(Message message) {
    if (message.deleted()) { // deleted for everyone: gone from the index too
      submitted.incrementAndGet();
      return onWriter(() -> {
        write(List.of(new IndexedMessage(message.id(), message.conversationId(), message.seq(), message.senderName(),
            message.createdAt().toEpochMilli(), "", List.of())));
        return null;
      });
    }
    Optional<IndexedMessage> indexed = IndexedMessage.of(message);
    if (indexed.isEmpty()) {
      return Future.succeededFuture();
    }
    submitted.incrementAndGet();
    return onWriter(() -> {
      write(List.of(indexed.get()));
      return null;
    });
  }

  /** Runs on the writer thread. */
  private void write(List<IndexedMessage> messages) throws IOException {
    try {
      for (IndexedMessage m : messages) {
        if (m.text().isBlank() && m.attachmentNames().isEmpty()) { // a tombstone (its text is gone), also when catching up
          writer.deleteDocuments(new Term(ID, m.id()));
        } else {
          writer.updateDocument(new Term(ID, m.id()), document(m));
        }
      }
    } finally {
      applied++;
      unrefreshed = true;
    }
  }

  /** Runs on the writer thread: makes every applied write visible to searches. */
  private void refresh() throws IOException {
    long upTo = applied;
    searchers.maybeRefreshBlocking();
    unrefreshed = false;
    visible = upTo;
  }

  private static Document document(IndexedMessage m) {
    Document doc = new Document();
    doc.add(new StringField(ID, m.id(), Field.Store.YES));
    doc.add(new StringField(CONVERSATION, m.conversationId(), Field.Store.YES));
    doc.add(new StoredField(SEQ, m.seq()));
    doc.add(new StoredField(SENDER, m.senderName()));
    doc.add(new LongField(TIME, m.sentAtMillis(), Field.Store.YES));
    doc.add(new TextField(Analysis.STEMMED, m.text(), Field.Store.YES));
    doc.add(new TextField(Analysis.WORDS, m.text(), Field.Store.NO));
    if (!m.attachmentNames().isEmpty()) { // found by their words; shown as named
      doc.add(new StoredField(NAMES, String.join("\n", m.attachmentNames())));
      doc.add(new TextField(Analysis.STEMMED, m.nameWords(), Field.Store.NO));
      doc.add(new TextField(Analysis.WORDS, m.nameWords(), Field.Store.NO));
    }
    return doc;
  }

  /** Runs on the writer thread; the watermark is "now": everything handed to index() before is in. */
  private void commitIfChanged() throws IOException {
    if (closed || holdCommits || !writer.hasUncommittedChanges()) {
      return;
    }
    commit(clock.millis());
  }

  private void commit(long watermark) throws IOException {
    writer.setLiveCommitData(Map.of(WATERMARK, Long.toString(watermark)).entrySet());
    writer.commit();
  }

  private long watermark() {
    Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
    if (data != null) {
      for (Map.Entry<String, String> e : data) {
        if (WATERMARK.equals(e.getKey())) {
          return Long.parseLong(e.getValue());
        }
      }
    }
    return Long.MIN_VALUE; // a new index: everything is to be read
  }

  /** Reads what the last commit may be missing: messages created or edited since its watermark. */
  private Future<Long> catchUp() {
    return onWriter(this::watermark).compose(mark -> {
      long since = mark == Long.MIN_VALUE ? Long.MIN_VALUE : mark - CATCH_UP_MARGIN_MS;
      long t0 = System.nanoTime();
      return indexPages(createdSince(since), n -> {}, Future.succeededFuture(), 0)
          .compose(created -> mark == Long.MIN_VALUE
              ? Future.succeededFuture(created)
              : indexPages(editedSince(since), n -> {}, Future.succeededFuture(), 0).map(edited -> created + edited))
          .compose(n -> onWriter(() -> {
            commitIfChanged();
            refresh();
            return n;
          }))
          .onSuccess(
              n -> LOG.info("message search index ready caughtUp={} docs={} ms={}", n, writer.getDocStats().numDocs,
                  (System.nanoTime() - t0) / 1_000_000));
    });
  }

  @Override
  public Future<Long> rebuild() {
    return rebuild(n -> {});
  }

  @Override
  public Future<Long> rebuild(LongConsumer progress) {
    if (!rebuildRunning.compareAndSet(false, true)) {
      return Future.failedFuture(PlatformException.of(PlatformException.Reason.CONFLICT,
          "the message search index is already being rebuilt"));
    }
    return onWriter(() -> {
      // Until the rebuild is done, searches see the index as it was, and nothing half-built is committed.
      holdCommits = true;
      writer.deleteAll();
      return clock.millis();
    }).compose(started -> indexPages(all(), progress, Future.succeededFuture(), 0).compose(n -> onWriter(() -> {
      holdCommits = false;
      commit(started);
      refresh();
      return (long) writer.getDocStats().numDocs;
    }))).onComplete(r -> rebuildRunning.set(false))
        .onFailure(e -> LOG.error("message search index rebuild failed; the last committed index stays until the "
            + "next rebuild", e));
  }

  /** Pages of messages from the database, read one page ahead of the one being written. */
  private interface Pages {
    /** The page after {@code last}; the first page when it is empty. */
    Future<List<IndexedMessage>> after(Optional<IndexedMessage> last);
  }

  /** Messages created since {@code since}, by creation time and id. */
  private Pages createdSince(long since) {
    return last -> messages.createdFrom(db.pool(), last.map(IndexedMessage::sentAtMillis).orElse(since),
        last.map(IndexedMessage::id).orElse(""), PAGE);
  }

  /** Messages edited since {@code since}, by id. */
  private Pages editedSince(long since) {
    return last -> messages.editedSince(db.pool(), since, last.map(IndexedMessage::id).orElse(""), PAGE);
  }

  /** Every searchable message, by id. */
  private Pages all() {
    return last -> messages.all(db.pool(), last.map(IndexedMessage::id).orElse(""), PAGE);
  }

  private Future<Long> indexPages(Pages pages, LongConsumer progress, Future<Void> previousWrite, long total) {
    return indexPages(pages, Optional.empty(), progress, previousWrite, total);
  }

  private Future<Long> indexPages(Pages pages, Optional<IndexedMessage> last, LongConsumer progress,
      Future<Void> previousWrite, long total) {
    Future<List<IndexedMessage>> page = pages.after(last);
    return Future.all(page, previousWrite).compose(both -> {
      List<IndexedMessage> batch = page.result();
      long sum = total + batch.size();
      if (batch.isEmpty()) {
        return Future.succeededFuture(total);
      }
      submitted.incrementAndGet();
      Future<Void> written = this.<Void>onWriter(() -> {
        write(batch);
        return null;
      }).onSuccess(v -> progress.accept(sum));
      if (batch.size() < PAGE) {
        return written.map(sum);
      }
      return indexPages(pages, Optional.of(batch.getLast()), progress, written, sum);
    });
  }

  // ---- searching ----

  @Override
  public Future<List<MessageHit>> search(Collection<String> conversationIds, String text, int limit) {
    SearchQuery query = SearchQuery.parse(text);
    if (query.isEmpty() || conversationIds.isEmpty() || limit <= 0) {
      return Future.succeededFuture(List.of());
    }
    Optional<Query> lucene = toLucene(query, conversationIds, clock.millis());
    if (lucene.isEmpty()) {
      return Future.succeededFuture(List.of()); // only stop words
    }
    Snippets.Terms terms = snippets.terms(query);
    int n = Math.min(limit, MAX_LIMIT);
    // Read-your-writes: when writes were handed over that searches do not see yet, the writer
    // thread (after those writes, in order) reopens first; otherwise straight to a reader.
    Future<Void> visibleNow = submitted.get() == visible ? Future.succeededFuture() : onWriter(() -> {
      if (unrefreshed && !holdCommits) {
        refresh();
      }
      return null;
    });
    return visibleNow.compose(v -> reads.executeBlocking(() -> run(lucene.get(), n, terms), false));
  }

  Optional<Query> toLucene(SearchQuery query, Collection<String> conversationIds, long now) {
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    boolean any = false;
    for (String word : query.complete()) {
      for (String term : Analysis.terms(analyzer, Analysis.STEMMED, word)) {
        all.add(new TermQuery(new Term(Analysis.STEMMED, term)), Occur.MUST);
        any = true;
      }
    }
    if (query.partial().isPresent()) {
      String word = query.partial().get();
      BooleanQuery.Builder last = new BooleanQuery.Builder();
      boolean lastAny = false;
      for (String term : Analysis.terms(analyzer, Analysis.STEMMED, word)) {
        last.add(new TermQuery(new Term(Analysis.STEMMED, term)), Occur.SHOULD);
        lastAny = true;
      }
      for (String typed : Analysis.terms(analyzer, Analysis.WORDS, word)) {
        Query asTyped = query.prefix().isPresent()
            ? new PrefixQuery(new Term(Analysis.WORDS, typed))
            : new TermQuery(new Term(Analysis.WORDS, typed));
        last.add(new BoostQuery(asTyped, PREFIX_BOOST), Occur.SHOULD);
        lastAny = true;
      }
      if (lastAny) {
        all.add(last.build(), Occur.MUST);
        any = true;
      }
    }
    if (!any) {
      return Optional.empty();
    }
    List<BytesRef> ids = conversationIds.stream().distinct().map(BytesRef::new).toList();
    all.add(new TermInSetQuery(CONVERSATION, ids), Occur.FILTER);
    all.add(LongField.newDistanceFeatureQuery(TIME, RECENCY_WEIGHT, now, RECENCY_PIVOT_MS), Occur.SHOULD);
    return Optional.of(all.build());
  }

  private List<MessageHit> run(Query query, int n, Snippets.Terms terms) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      TopFieldDocs top = searcher.search(query, n, SORT, true);
      StoredFields stored = searcher.storedFields();
      List<MessageHit> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc sd : top.scoreDocs) {
        Document doc = stored.document(sd.doc);
        String names = doc.get(NAMES);
        IndexedMessage m = new IndexedMessage(doc.get(ID), doc.get(CONVERSATION),
            doc.getField(SEQ).numericValue().longValue(), doc.get(SENDER),
            doc.getField(TIME).numericValue().longValue(), doc.get(Analysis.STEMMED),
            names == null ? List.of() : List.of(names.split("\n")));
        hits.add(snippets.hit(m, terms, sd.score));
      }
      return hits;
    } finally {
      searchers.release(searcher);
    }
  }

  // ---- life cycle ----

  /** How many messages the index holds (committed or not). */
  Future<Long> size() {
    return onWriter(() -> (long) writer.getDocStats().numDocs);
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(commitTimer);
    return onWriter(() -> {
      if (closed) {
        return null;
      }
      closed = true;
      try {
        if (holdCommits) {
          writer.rollback(); // a rebuild in progress: keep the last whole commit
        } else {
          if (writer.hasUncommittedChanges()) {
            commit(clock.millis());
          }
          writer.close();
        }
      } finally {
        searchers.close();
        directory.close();
      }
      return null;
    }).<Void>mapEmpty().recover(e -> Future.succeededFuture()).eventually(() -> {
      writes.shutdown();
      return reads.close();
    });
  }

  /** Stops as a crash would: what was not committed is lost. For tests of the catch-up. */
  Future<Void> abandon() {
    vertx.cancelTimer(commitTimer);
    return onWriter(() -> {
      closed = true;
      writer.rollback();
      searchers.close();
      directory.close();
      return null;
    }).<Void>mapEmpty().eventually(() -> {
      writes.shutdown();
      return reads.close();
    });
  }

  /** Runs {@code task} on the writer thread; the future completes on the caller's context. */
  private <T> Future<T> onWriter(Callable<T> task) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    try {
      writes.execute(() -> {
        try {
          if (closed) {
            throw PlatformException.unavailable("the message search index is closed", null);
          }
          T result = task.call();
          context.runOnContext(v -> promise.complete(result));
        } catch (Throwable e) {
          context.runOnContext(v -> promise.fail(e));
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(PlatformException.unavailable("the message search index is closed", e));
    }
    return promise.future();
  }
}
