package dev.parley.core.chat;

import dev.parley.core.accounts.Account;
import dev.parley.core.chat.ChatService.Sent;
import dev.parley.core.chat.MessageRepository.Batch;
import dev.parley.core.chat.MessageRepository.CardEdit;
import dev.parley.core.chat.MessageRepository.Outcome;
import dev.parley.core.chat.MessageRepository.ReadMark;
import dev.parley.core.chat.MessageRepository.SeqMark;
import dev.parley.core.common.IdGenerator;
import dev.parley.core.common.PlatformException;
import dev.parley.core.common.storage.Database;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Group commit of everything that writes a message: texts, cards, system messages and card edits
 * are queued here, and one writer takes what is queued (up to {@link #MAX_BATCH}), whatever the
 * conversation, writes it in one transaction ({@link MessageRepository#write}), commits once, then
 * publishes each event and acknowledges each caller in queue order, which is seq order in each
 * conversation. One batch is in flight at a time, so what arrives meanwhile makes the next one.
 *
 * <p>The next seq of each conversation lives here, loaded once from the database; the unique
 * constraints check it. A resend of a (sender, client id) is turned away by its constraint and
 * answered with the original message, without a look-up first. A batch that fails for a write's
 * data (a foreign key, say) is written again one write at a time, so that write fails alone;
 * after any failure the seqs of its conversations are loaded again, so no seq is skipped or taken
 * twice.
 */
final class MessageWriter {

  /** The most writes in one transaction. */
  static final int MAX_BATCH = 256;
  /** Batches turned away more often than this (seqs taken by another node) are written one by one. */
  private static final int MAX_ATTEMPTS = 3;
  /**
   * A single write turned away (its seq taken by another node of a cluster) is tried this often in
   * all, each time after a random pause that grows, so nodes racing for one busy conversation fall
   * out of step instead of taking turns at losing; every turn away means another write committed.
   */
  private static final int MAX_SINGLE_ATTEMPTS = 12;
  /** Past this many conversations the seq cache starts again from the database. */
  private static final int MAX_CACHED_SEQS = 100_000;
  /**
   * How long an idle writer waits for company before it takes a batch, when writes keep coming
   * (one arrived less than {@link #BUSY_NANOS} before): a commit (an H2 chunk) costs about the same
   * for one write as for ten, so at a steady few hundred writes a second this turns one commit per
   * write into one per millisecond (issue 15, the broker's flight recording). A write after a
   * quiet spell is taken at once.
   */
  static final long LINGER_MILLIS = 1;
  private static final long BUSY_NANOS = 20_000_000L;

  /** Told of each committed write, in commit order; must not block. */
  interface Committed {
    void created(Message message);

    void edited(Message message);
  }

  /** How many transactions wrote how many writes, for metrics and tests. */
  record Stats(long batches, long writes, long retries) {
  }

  private sealed interface Pending permits Post, Change {
  }

  /** A change to a message already written: a card's edit, a person's text edit, a deletion. */
  private sealed interface Change extends Pending permits Edit, TextChange, Removal {
    String conversationId();

    String messageId();

    Promise<Message> done();
  }

  private record Post(String conversationId, Optional<Account> sender, Optional<String> clientId, String kind,
      String text, Optional<Message.AppLabel> app, Optional<JsonObject> card, JsonObject extras, Promise<Sent> done)
      implements
        Pending {

    /** Who may not send this client id twice, or null when nothing makes it idempotent. */
    @Nullable
    String idempotencyKey() {
      return sender.isPresent() && clientId.isPresent()
          ? conversationId + '\n' + sender.get().id() + '\n' + clientId.get()
          : null;
    }
  }

  private record Edit(String conversationId, String messageId, String appId, JsonObject card, String text,
      Promise<Message> done) implements Change {
  }

  private record TextChange(String conversationId, String messageId, String senderId, String text,
      Promise<Message> done) implements Change {
  }

  private record Removal(String conversationId, String messageId, Promise<Message> done) implements Change {
  }

  private final Context context;
  private final Database db;
  private final MessageRepository messages;
  private final Clock clock;
  private final IdGenerator ids;
  private final Committed committed;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean draining; // guarded by this
  private long lastStart = System.nanoTime() - BUSY_NANOS; // guarded by this: when an idle writer last started
  /** The last committed seq per conversation; touched only by the batch in flight. */
  private final Map<String, Long> lastSeqs = new HashMap<>();
  private final LongAdder batches = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder retries = new LongAdder();

  MessageWriter(Context context, Database db, MessageRepository messages, Clock clock, IdGenerator ids,
      Committed committed) {
    this.context = context;
    this.db = db;
    this.messages = messages;
    this.clock = clock;
    this.ids = ids;
    this.committed = committed;
  }

  /** The context the writer runs on: writes queued while it runs one task share a batch. */
  Context context() {
    return context;
  }

  Stats stats() {
    return new Stats(batches.sum(), writes.sum(), retries.sum());
  }

  /**
   * Queues a new message; answers it once committed and published, or the original when the
   * sender already sent this client id.
   */
  Future<Sent> post(String conversationId, Optional<Account> sender, Optional<String> clientId, String kind,
      String text, Optional<Message.AppLabel> app, Optional<JsonObject> card) {
    return post(conversationId, sender, clientId, kind, text, app, card, new JsonObject());
  }

  /** As above, with the message's extras (attachments, a reply, ...; see {@link Message#extras()}). */
  Future<Sent> post(String conversationId, Optional<Account> sender, Optional<String> clientId, String kind,
      String text, Optional<Message.AppLabel> app, Optional<JsonObject> card, JsonObject extras) {
    Promise<Sent> done = Promise.promise();
    enqueue(new Post(conversationId, sender, clientId, kind, text, app, card, extras.copy(), done));
    return done.future();
  }

  /** Queues a card's edit by the app that posted it; NOT_FOUND for any other message. */
  Future<Message> edit(String conversationId, String messageId, String appId, JsonObject card, String text) {
    Promise<Message> done = Promise.promise();
    enqueue(new Edit(conversationId, messageId, appId, card.copy(), text, done));
    return done.future();
  }

  /**
   * Queues a person's edit of their own text message (its old text goes to the edit history);
   * NOT_FOUND when it is not their live text message by the time it is written.
   */
  Future<Message> editText(String conversationId, String messageId, String senderId, String text) {
    Promise<Message> done = Promise.promise();
    enqueue(new TextChange(conversationId, messageId, senderId, text, done));
    return done.future();
  }

  /** Queues a deletion for everyone: the message becomes a tombstone; NOT_FOUND when it already is one. */
  Future<Message> delete(String conversationId, String messageId) {
    Promise<Message> done = Promise.promise();
    enqueue(new Removal(conversationId, messageId, done));
    return done.future();
  }

  private void enqueue(Pending pending) {
    boolean start;
    boolean linger = false;
    synchronized (this) {
      queue.add(pending);
      start = !draining;
      draining = true;
      if (start) {
        long now = System.nanoTime();
        linger = now - lastStart < BUSY_NANOS;
        lastStart = now;
      }
    }
    if (start && linger) {
      // busy: let the writes of the next millisecond join this one's commit
      context.runOnContext(v -> context.owner().setTimer(LINGER_MILLIS, t -> drain()));
    } else if (start) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    List<Pending> batch = new ArrayList<>();
    synchronized (this) {
      Set<String> changed = new HashSet<>();
      List<Pending> later = new ArrayList<>();
      while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
        Pending next = queue.poll();
        // A second change of one message waits for the next batch, so each sees the one before.
        if (next instanceof Change c && !changed.add(c.messageId())) {
          later.add(next);
        } else {
          batch.add(next);
        }
      }
      for (int i = later.size() - 1; i >= 0; i--) {
        queue.addFirst(later.get(i));
      }
      if (batch.isEmpty()) {
        draining = false;
        return;
      }
    }
    Future<Void> written;
    try {
      written = write(batch);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(ar -> {
      if (ar.failed()) { // a bug, not a database failure (those fail their writes): answer everyone
        for (Pending p : batch) {
          switch (p) {
            case Post post -> post.done().tryFail(ar.cause());
            case Change change -> change.done().tryFail(ar.cause());
          }
        }
      }
      context.runOnContext(v -> drain());
    });
  }

  private Future<Void> write(List<Pending> batch) {
    batches.increment();
    writes.add(batch.size());
    List<Post> posts = new ArrayList<>();
    List<Change> edits = new ArrayList<>();
    Map<String, Post> firsts = new HashMap<>();
    for (Pending pending : batch) {
      switch (pending) {
        case Change edit -> edits.add(edit);
        case Post post -> {
          String key = post.idempotencyKey();
          @Nullable
          Post first = key == null ? null : firsts.putIfAbsent(key, post);
          if (first == null) {
            posts.add(post);
          } else { // a resend within the batch: answered with what the first one wrote
            first.done().future().onComplete(ar -> {
              if (ar.succeeded()) {
                post.done().tryComplete(new Sent(ar.result().message(), false));
              } else {
                post.done().tryFail(ar.cause());
              }
            });
          }
        }
      }
    }
    return attempt(posts, edits, 1);
  }

  /** Writes these in one transaction; never fails for a database failure (that fails the writes). */
  private Future<Void> attempt(List<Post> posts, List<Change> edits, int attempt) {
    if (posts.isEmpty() && edits.isEmpty()) {
      return Future.succeededFuture();
    }
    return loadSeqs(posts).compose(v -> {
      Map<String, Long> next = new LinkedHashMap<>();
      List<Message> inserts = new ArrayList<>(posts.size());
      Map<String, SeqMark> ends = new LinkedHashMap<>();
      Map<String, ReadMark> reads = new LinkedHashMap<>();
      for (Post p : posts) {
        long seq = next.compute(p.conversationId(),
            (c, last) -> (last == null ? lastSeqs.getOrDefault(c, 0L) : last) + 1);
        long now = clock.millis();
        Message m = new Message(ids.newId(), p.conversationId(), seq, p.sender().map(Account::id),
            p.sender().map(Account::displayName).orElse(p.app().map(Message.AppLabel::name).orElse("Parley")),
            p.clientId(), p.kind(), p.text(), Instant.ofEpochMilli(now), p.app(), p.card(), 0, p.extras(),
            Optional.empty());
        inserts.add(m);
        ends.put(p.conversationId(), new SeqMark(p.conversationId(), seq, now));
        // The sender has read everything up to their own message.
        p.sender().ifPresent(s -> reads.put(p.conversationId() + '\n' + s.id(),
            new ReadMark(p.conversationId(), s.id(), seq)));
      }
      long now = clock.millis();
      List<CardEdit> cardEdits = new ArrayList<>();
      List<MessageRepository.TextEdit> textEdits = new ArrayList<>();
      List<MessageRepository.Tombstone> tombstones = new ArrayList<>();
      for (Change change : edits) {
        switch (change) {
          case Edit e -> cardEdits.add(new CardEdit(e.conversationId(), e.messageId(), e.appId(), e.card(), e.text(),
              now));
          case TextChange t -> textEdits.add(new MessageRepository.TextEdit(t.conversationId(), t.messageId(),
              t.senderId(), t.text(), ids.newId(), now));
          case Removal r -> tombstones.add(new MessageRepository.Tombstone(r.conversationId(), r.messageId(), now));
        }
      }
      // Rows locked in one order (by conversation, then account), the order DeliveryMarks uses too, so
      // concurrent batches never wait on each other in a cycle (a deadlock rolls one of them back).
      Batch batch = new Batch(inserts,
          ends.values().stream().sorted(java.util.Comparator.comparing(SeqMark::conversationId)).toList(),
          reads.values().stream().sorted(java.util.Comparator.comparing(ReadMark::conversationId)
              .thenComparing(ReadMark::accountId)).toList(),
          cardEdits, textEdits, tombstones);
      return messages.write(db, batch).transform(ar -> {
        if (ar.failed() && Database.isTransient(ar.cause()) && attempt < MAX_ATTEMPTS) {
          // A deadlock or serialization failure rolled the whole batch back: nothing was written, write it again.
          retries.increment();
          posts.forEach(p -> lastSeqs.remove(p.conversationId()));
          return attempt(posts, edits, attempt + 1);
        }
        if (ar.failed()) {
          return failed(posts, edits, ar.cause());
        }
        Outcome outcome = ar.result();
        if (outcome.committed()) {
          if (lastSeqs.size() > MAX_CACHED_SEQS) {
            lastSeqs.clear();
          }
          // As written: on PostgreSQL the seqs follow the conversation's locked end (another node's writes).
          List<Message> written = outcome.written();
          written.forEach(m -> lastSeqs.put(m.conversationId(), m.seq())); // in seq order: the last is the end
          return publish(posts, written, edits, found(edits, outcome));
        }
        retries.increment();
        return answerResends(posts, outcome.turnedAway()).compose(rest -> {
          if (attempt < MAX_ATTEMPTS || rest.isEmpty()) {
            return attempt(rest, edits, attempt + 1);
          }
          if (rest.size() + edits.size() > 1) {
            return oneByOne(rest, edits);
          }
          if (attempt < MAX_SINGLE_ATTEMPTS) {
            long pause = 1 + java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << Math.min(attempt, 7));
            return context.owner().timer(pause).compose(t -> attempt(rest, edits, attempt + 1));
          }
          rest.forEach(p -> p.done().fail(PlatformException.of(PlatformException.Reason.CONFLICT,
              "other writers kept taking this conversation's next seq; nothing was sent, try again")));
          return Future.succeededFuture();
        });
      });
    });
  }

  /**
   * The inserts a unique constraint turned away: a resend is answered with the original message;
   * any other (a seq taken by another node) has its conversation's seq loaded again. Answers what
   * is still to write.
   */
  private Future<List<Post>> answerResends(List<Post> posts, List<Integer> turnedAway) {
    List<Future<Boolean>> answered = new ArrayList<>();
    for (int i : turnedAway) {
      Post p = posts.get(i);
      if (p.idempotencyKey() == null) {
        lastSeqs.remove(p.conversationId());
        answered.add(Future.succeededFuture(false));
        continue;
      }
      answered.add(messages.findByClientId(db.pool(), p.conversationId(), p.sender().orElseThrow().id(),
          p.clientId().orElseThrow()).map(original -> {
            original.ifPresentOrElse(m -> p.done().complete(new Sent(m, false)),
                () -> lastSeqs.remove(p.conversationId()));
            return original.isPresent();
          }));
    }
    return Future.all(answered).map(all -> posts.stream().filter(p -> !p.done().future().isComplete()).toList());
  }

  /** Whether each change found its message, in the order of {@code changes}. */
  private static List<Boolean> found(List<Change> changes, Outcome outcome) {
    int cards = 0;
    int texts = 0;
    int removals = 0;
    List<Boolean> found = new ArrayList<>(changes.size());
    for (Change change : changes) {
      found.add(switch (change) {
        case Edit e -> outcome.edited().get(cards++);
        case TextChange t -> outcome.textEdited().get(texts++);
        case Removal r -> outcome.removed().get(removals++);
      });
    }
    return found;
  }

  private Future<Void> failed(List<Post> posts, List<Change> edits, Throwable cause) {
    posts.forEach(p -> lastSeqs.remove(p.conversationId()));
    // A write at fault fails alone; a lost connection or a timeout fails them all at once, not
    // after as many more tries as there are writes.
    if (posts.size() + edits.size() > 1 && Database.isDataFault(cause)) {
      return oneByOne(posts, edits);
    }
    posts.forEach(p -> p.done().fail(cause));
    edits.forEach(e -> e.done().fail(cause));
    return Future.succeededFuture();
  }

  /** After a failed batch: each write in a transaction of its own, in order, so a failure stays its own. */
  private Future<Void> oneByOne(List<Post> posts, List<Change> edits) {
    Future<Void> chain = Future.succeededFuture();
    for (Post p : posts) {
      chain = chain.compose(v -> attempt(List.of(p), List.of(), 1));
    }
    for (Change e : edits) {
      chain = chain.compose(v -> attempt(List.of(), List.of(e), 1));
    }
    return chain;
  }

  private Future<Void> loadSeqs(List<Post> posts) {
    Set<String> missing = new HashSet<>();
    posts.forEach(p -> {
      if (!lastSeqs.containsKey(p.conversationId())) {
        missing.add(p.conversationId());
      }
    });
    return missing.isEmpty()
        ? Future.succeededFuture()
        : messages.lastSeqs(db.pool(), missing).map(loaded -> {
          lastSeqs.putAll(loaded);
          return null;
        });
  }

  /** After the commit: every event out and every caller answered, in queue order. */
  private Future<Void> publish(List<Post> posts, List<Message> inserts, List<Change> edits, List<Boolean> edited) {
    for (int i = 0; i < posts.size(); i++) {
      Message m = inserts.get(i);
      tell(() -> committed.created(m));
      posts.get(i).done().complete(new Sent(m, true));
    }
    if (edits.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Optional<Message>>> reread = new ArrayList<>();
    for (int i = 0; i < edits.size(); i++) {
      Change e = edits.get(i);
      reread.add(edited.get(i)
          ? messages.find(db.pool(), e.conversationId(), e.messageId())
          : Future.succeededFuture(Optional.empty()));
    }
    return Future.join(reread).transform(ar -> {
      for (int i = 0; i < edits.size(); i++) {
        Change e = edits.get(i);
        Future<Optional<Message>> found = reread.get(i);
        if (found.failed()) {
          e.done().fail(found.cause());
        } else if (found.result().isEmpty()) {
          e.done().fail(PlatformException.notFound(switch (e) {
            case Edit x -> "a card of this app with id " + e.messageId();
            case TextChange x -> "a text message of yours with id " + e.messageId();
            case Removal x -> "the message " + e.messageId();
          }));
        } else {
          Message m = found.result().get();
          tell(() -> committed.edited(m));
          e.done().complete(m);
        }
      }
      return Future.succeededFuture();
    });
  }

  private static void tell(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(MessageWriter.class).warn("publishing a committed message failed", e);
    }
  }
}
