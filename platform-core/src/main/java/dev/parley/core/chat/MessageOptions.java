package dev.parley.core.chat;

/** Settings of message actions: how long the history of edited messages is kept. */
public final class MessageOptions {

  /** Days the earlier texts of an edited message are kept. */
  public static final int DEFAULT_EDIT_HISTORY_DAYS = 30;

  private int editHistoryDays = DEFAULT_EDIT_HISTORY_DAYS;

  public MessageOptions() {
  }

  public MessageOptions(MessageOptions other) {
    this.editHistoryDays = other.editHistoryDays;
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
}
