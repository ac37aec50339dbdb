package dev.parley.core.business.consent;

/**
 * The caps the server holds every business to (settings {@code business.*}). The defaults are the
 * issue's: marketing at most 1 a day and 4 a week per customer, at most 5 messages in a row
 * without a reply, 1 message a second per conversation, a 24-hour service window, and a daily cap
 * on new customers reached that rises while few of them block the business.
 */
public record PacingOptions(int marketingPerDay, int marketingPerWeek, int unansweredInARow, int perConversationPerSecond,
    int serviceWindowHours, int newCustomersPerDay) {

  public static PacingOptions defaults() {
    return new PacingOptions(1, 4, 5, 1, 24, 250);
  }
}
