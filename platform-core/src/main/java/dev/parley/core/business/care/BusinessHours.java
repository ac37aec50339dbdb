package dev.parley.core.business.care;

import dev.parley.core.common.PlatformException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A team's business hours: {@code {timezone, weekly:{mon:[["09:00","17:00"]], …}}}, intervals per
 * weekday in the team's own time zone. No hours at all means always open. Answers whether the team
 * is open, when it opens next (for the honest out-of-hours line) and where a number of business
 * minutes from a moment ends (SLA targets count only business time).
 */
public record BusinessHours(ZoneId zone, Map<DayOfWeek, List<LocalTime[]>> weekly) {

  /** Always open (a team without hours). */
  public static final BusinessHours ALWAYS = new BusinessHours(ZoneId.of("UTC"), Map.of());
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final int HORIZON_DAYS = 15;

  public boolean always() {
    return weekly.isEmpty();
  }

  /** Parses and checks hours as sent ({@code field} names them in a refusal); null or empty is ALWAYS. */
  public static BusinessHours parse(Object raw, String field) {
    if (raw == null) {
      return ALWAYS;
    }
    if (!(raw instanceof JsonObject json)) {
      throw PlatformException.invalid(field, "hours must be {timezone, weekly:{mon:[[\"09:00\",\"17:00\"]], ...}}");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(json.getValue("timezone") instanceof String tz ? tz : "");
    } catch (RuntimeException e) {
      throw PlatformException.invalid(field + "/timezone", "timezone must be an IANA zone such as Europe/Berlin");
    }
    if (!(json.getValue("weekly") instanceof JsonObject weekly)) {
      throw PlatformException.invalid(field + "/weekly", "weekly must be an object of weekdays (mon … sun)");
    }
    Map<DayOfWeek, List<LocalTime[]>> days = new EnumMap<>(DayOfWeek.class);
    for (String name : weekly.fieldNames()) {
      int index = DAYS.indexOf(name);
      if (index < 0 || !(weekly.getValue(name) instanceof JsonArray list) || list.size() > 8) {
        throw PlatformException.invalid(field + "/weekly/" + name.replaceAll("\\p{Cntrl}", "?"),
            "a weekday is mon … sun with at most 8 intervals [\"HH:MM\",\"HH:MM\"]");
      }
      List<LocalTime[]> intervals = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String at = field + "/weekly/" + name + "/" + i;
        if (!(list.getValue(i) instanceof JsonArray pair) || pair.size() != 2) {
          throw PlatformException.invalid(at, "an interval is [\"HH:MM\",\"HH:MM\"]");
        }
        LocalTime from = time(pair.getValue(0), at);
        LocalTime to = time(pair.getValue(1), at);
        if (!to.isAfter(from) && !to.equals(LocalTime.MIDNIGHT)) {
          throw PlatformException.invalid(at, "an interval ends after it starts (\"24:00\" ends the day)");
        }
        intervals.add(new LocalTime[] {from, to});
      }
      intervals.sort((a, b) -> a[0].compareTo(b[0]));
      days.put(DayOfWeek.of(index + 1), List.copyOf(intervals));
    }
    return new BusinessHours(zone, Map.copyOf(days));
  }

  private static LocalTime time(Object value, String field) {
    if (value instanceof String s && s.matches("([01]\\d|2[0-3]):[0-5]\\d|24:00")) {
      return s.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(s);
    }
    throw PlatformException.invalid(field, "a time is HH:MM (00:00-24:00)");
  }

  /** The hours as stored and answered. */
  public JsonObject toJson() {
    if (always()) {
      return null;
    }
    JsonObject weeklyJson = new JsonObject();
    weekly.forEach((day, list) -> {
      JsonArray out = new JsonArray();
      list.forEach(i -> out.add(new JsonArray().add(i[0].toString())
          .add(i[1].equals(LocalTime.MIDNIGHT) ? "24:00" : i[1].toString())));
      weeklyJson.put(DAYS.get(day.getValue() - 1), out);
    });
    return new JsonObject().put("timezone", zone.getId()).put("weekly", weeklyJson);
  }

  /** The open intervals of a day, as instants (an interval ending "24:00" ends at the next midnight). */
  private List<Instant[]> intervals(LocalDate day) {
    List<Instant[]> out = new ArrayList<>();
    for (LocalTime[] i : weekly.getOrDefault(day.getDayOfWeek(), List.of())) {
      Instant from = ZonedDateTime.of(day, i[0], zone).toInstant();
      Instant to = i[1].equals(LocalTime.MIDNIGHT)
          ? ZonedDateTime.of(day.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
          : ZonedDateTime.of(day, i[1], zone).toInstant();
      out.add(new Instant[] {from, to});
    }
    return out;
  }

  public boolean isOpen(Instant at) {
    if (always()) {
      return true;
    }
    LocalDate day = at.atZone(zone).toLocalDate();
    for (LocalDate d : List.of(day.minusDays(1), day)) {
      for (Instant[] i : intervals(d)) {
        if (!at.isBefore(i[0]) && at.isBefore(i[1])) {
          return true;
        }
      }
    }
    return false;
  }

  /** When the team is next open from {@code at} ({@code at} itself when open); empty when never. */
  public Optional<Instant> nextOpen(Instant at) {
    if (isOpen(at)) {
      return Optional.of(at);
    }
    LocalDate day = at.atZone(zone).toLocalDate();
    for (int d = 0; d < HORIZON_DAYS; d++) {
      for (Instant[] i : intervals(day.plusDays(d))) {
        if (i[0].isAfter(at)) {
          return Optional.of(i[0]);
        }
      }
    }
    return Optional.empty();
  }

  /** "Monday 09:00 (Europe/Berlin)": when someone answers, in the team's own zone. */
  public String describe(Instant at) {
    ZonedDateTime z = at.atZone(zone);
    return z.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " "
        + String.format(Locale.ROOT, "%02d:%02d", z.getHour(), z.getMinute()) + " (" + zone.getId() + ")";
  }

  /**
   * The moment {@code minutes} of business time after {@code from}: time outside the hours does not
   * count (an SLA of 60 minutes asked for on Friday 16:30 with 09:00-17:00 hours falls due Monday 09:30).
   */
  public Instant plusBusinessMinutes(Instant from, long minutes) {
    if (always()) {
      return from.plusSeconds(minutes * 60);
    }
    long left = minutes * 60_000;
    LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
    for (int d = 0; d < HORIZON_DAYS * 4; d++) {
      for (Instant[] i : intervals(day.plusDays(d))) {
        Instant start = i[0].isBefore(from) ? from : i[0];
        if (!start.isBefore(i[1])) {
          continue;
        }
        long span = i[1].toEpochMilli() - start.toEpochMilli();
        if (span >= left) {
          return start.plusMillis(left);
        }
        left -= span;
      }
    }
    return from.plusSeconds(minutes * 60); // hours too sparse to count within the horizon: plain time
  }
}
