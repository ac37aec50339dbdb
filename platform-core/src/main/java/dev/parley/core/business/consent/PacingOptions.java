package dev.parley.core.business.consent;

/**
 * The caps the server holds every business to (settings {@code business.*}). The defaults are the
 * issue's: marketing at most 1 a day and 4 a week per customer, at most 5 messages in a row
 * without a reply, 1 message a second per conversation, a 24-hour service window, and a daily cap
 * of 250 new customers reached, doubled or quadrupled while few of them block the business.
 */
public final class PacingOptions {

  private int marketingPerDay = 1;
  private int marketingPerWeek = 4;
  private int unansweredInARow = 5;
  private int perConversationPerSecond = 1;
  private int serviceWindowHours = 24;
  private int newCustomersPerDay = 250;

  public PacingOptions() {
  }

  public PacingOptions(PacingOptions other) {
    this.marketingPerDay = other.marketingPerDay;
    this.marketingPerWeek = other.marketingPerWeek;
    this.unansweredInARow = other.unansweredInARow;
    this.perConversationPerSecond = other.perConversationPerSecond;
    this.serviceWindowHours = other.serviceWindowHours;
    this.newCustomersPerDay = other.newCustomersPerDay;
  }

  private static int check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  public int marketingPerDay() {
    return marketingPerDay;
  }

  public PacingOptions setMarketingPerDay(int value) {
    this.marketingPerDay = check("marketingPerDay", value, 0, 100);
    return this;
  }

  public int marketingPerWeek() {
    return marketingPerWeek;
  }

  public PacingOptions setMarketingPerWeek(int value) {
    this.marketingPerWeek = check("marketingPerWeek", value, 0, 700);
    return this;
  }

  public int unansweredInARow() {
    return unansweredInARow;
  }

  public PacingOptions setUnansweredInARow(int value) {
    this.unansweredInARow = check("unansweredInARow", value, 1, 1000);
    return this;
  }

  public int perConversationPerSecond() {
    return perConversationPerSecond;
  }

  public PacingOptions setPerConversationPerSecond(int value) {
    this.perConversationPerSecond = check("perConversationPerSecond", value, 1, 1000);
    return this;
  }

  public int serviceWindowHours() {
    return serviceWindowHours;
  }

  public PacingOptions setServiceWindowHours(int value) {
    this.serviceWindowHours = check("serviceWindowHours", value, 1, 168);
    return this;
  }

  public int newCustomersPerDay() {
    return newCustomersPerDay;
  }

  public PacingOptions setNewCustomersPerDay(int value) {
    this.newCustomersPerDay = check("newCustomersPerDay", value, 1, 1_000_000);
    return this;
  }
}
