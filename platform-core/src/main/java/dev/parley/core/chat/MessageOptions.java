package dev.parley.core.chat;

/** Settings of messages: how long the history of edited messages and ephemeral answers are kept. */
public final class MessageOptions {

  /** Days the earlier texts of an edited message are kept. */
  public static final int DEFAULT_EDIT_HISTORY_DAYS = 30;

  /** Hours an ephemeral ("only visible to you") message survives a reload before the sweep. */
  public static final int DEFAULT_EPHEMERAL_HOURS = 24;

  private int editHistoryDays = DEFAULT_EDIT_HISTORY_DAYS;
  private int ephemeralHours = DEFAULT_EPHEMERAL_HOURS;

  public MessageOptions() {
  }

  public MessageOptions(MessageOptions other) {
    this.editHistoryDays = other.editHistoryDays;
    this.ephemeralHours = other.ephemeralHours;
  }

  public int getEditHistoryDays() {
    return editHistoryDays;
  }

  public MessageOptions setEditHistoryDays(int editHistoryDays) {
    if (editHistoryDays < 1 || editHistoryDays > 3650) {
      throw new IllegalArgumentException("editHistoryDays must be 1..3650, got " + editHistoryDays);
    }
    this.editHistoryDays = editHistoryDays;
    return this;
  }

  public int getEphemeralHours() {
    return ephemeralHours;
  }

  public MessageOptions setEphemeralHours(int ephemeralHours) {
    if (ephemeralHours < 1 || ephemeralHours > 720) {
      throw new IllegalArgumentException("ephemeralHours must be 1..720, got " + ephemeralHours);
    }
    this.ephemeralHours = ephemeralHours;
    return this;
  }
}
