package dev.parley.core.apps.broker;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The broker's limits: calls per second (token buckets, with a burst of twice the rate) per app,
 * per user and per conversation, how long a command may take before the user is told that
 * the app is slow, and how long a search waits for the apps it asks.
 */
public final class BrokerOptions {

  public static final int DEFAULT_APP_RATE = 200;
  public static final int DEFAULT_USER_RATE = 10;
  public static final int DEFAULT_CONVERSATION_RATE = 20;
  public static final long DEFAULT_ANSWER_MILLIS = 3_000;
  /** Page broadcasts per second of one app in one conversation (burst twice that). */
  public static final int DEFAULT_BROADCAST_RATE = 20;
  /** The largest {@code data} of a page broadcast, as JSON in UTF-8. */
  public static final int DEFAULT_BROADCAST_MAX_BYTES = 16 * 1024;
  /** How long a search waits for the apps' answers before it shows what came back. */
  public static final long DEFAULT_SEARCH_MILLIS = 700;

  private int appRate = DEFAULT_APP_RATE;
  private int userRate = DEFAULT_USER_RATE;
  private int conversationRate = DEFAULT_CONVERSATION_RATE;
  private long answerMillis = DEFAULT_ANSWER_MILLIS;
  private int broadcastRate = DEFAULT_BROADCAST_RATE;
  private int broadcastMaxBytes = DEFAULT_BROADCAST_MAX_BYTES;
  private long searchMillis = DEFAULT_SEARCH_MILLIS;

  public BrokerOptions() {
  }

  public BrokerOptions(BrokerOptions other) {
    this.appRate = other.appRate;
    this.userRate = other.userRate;
    this.conversationRate = other.conversationRate;
    this.answerMillis = other.answerMillis;
    this.broadcastRate = other.broadcastRate;
    this.broadcastMaxBytes = other.broadcastMaxBytes;
    this.searchMillis = other.searchMillis;
  }

  public BrokerOptions(JsonObject json) {
    setAppRate(json.getInteger("appRate", DEFAULT_APP_RATE));
    setUserRate(json.getInteger("userRate", DEFAULT_USER_RATE));
    setConversationRate(json.getInteger("conversationRate", DEFAULT_CONVERSATION_RATE));
    setAnswerMillis(json.getLong("answerMillis", DEFAULT_ANSWER_MILLIS));
    setBroadcastRate(json.getInteger("broadcastRate", DEFAULT_BROADCAST_RATE));
    setBroadcastMaxBytes(json.getInteger("broadcastMaxBytes", DEFAULT_BROADCAST_MAX_BYTES));
    setSearchMillis(json.getLong("searchMillis", DEFAULT_SEARCH_MILLIS));
  }

  public JsonObject toJson() {
    return new JsonObject().put("appRate", appRate).put("userRate", userRate).put("conversationRate", conversationRate)
        .put("answerMillis", answerMillis).put("broadcastRate", broadcastRate)
        .put("broadcastMaxBytes", broadcastMaxBytes)
        .put("searchMillis", searchMillis);
  }

  public int getAppRate() {
    return appRate;
  }

  public BrokerOptions setAppRate(int appRate) {
    this.appRate = positive(appRate, "appRate");
    return this;
  }

  public int getUserRate() {
    return userRate;
  }

  public BrokerOptions setUserRate(int userRate) {
    this.userRate = positive(userRate, "userRate");
    return this;
  }

  public int getConversationRate() {
    return conversationRate;
  }

  public BrokerOptions setConversationRate(int conversationRate) {
    this.conversationRate = positive(conversationRate, "conversationRate");
    return this;
  }

  public Duration getAnswerTime() {
    return Duration.ofMillis(answerMillis);
  }

  public BrokerOptions setAnswerMillis(long answerMillis) {
    if (answerMillis < 10 || answerMillis > 60_000) {
      throw new IllegalArgumentException("answerMillis must be 10..60000, got " + answerMillis);
    }
    this.answerMillis = answerMillis;
    return this;
  }

  public int getBroadcastRate() {
    return broadcastRate;
  }

  public BrokerOptions setBroadcastRate(int broadcastRate) {
    this.broadcastRate = positive(broadcastRate, "broadcastRate");
    return this;
  }

  public int getBroadcastMaxBytes() {
    return broadcastMaxBytes;
  }

  public BrokerOptions setBroadcastMaxBytes(int broadcastMaxBytes) {
    this.broadcastMaxBytes = positive(broadcastMaxBytes, "broadcastMaxBytes");
    return this;
  }

  /** The deadline of the apps' answers to a search. */
  public Duration getSearchTime() {
    return Duration.ofMillis(searchMillis);
  }

  public BrokerOptions setSearchMillis(long searchMillis) {
    if (searchMillis < 10 || searchMillis > 10_000) {
      throw new IllegalArgumentException("searchMillis must be 10..10000, got " + searchMillis);
    }
    this.searchMillis = searchMillis;
    return this;
  }

  private static int positive(int v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }
    return v;
  }
}
