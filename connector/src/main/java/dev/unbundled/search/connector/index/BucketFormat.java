package dev.unbundled.search.connector.index;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time part of an index name format: {@code ${time:PATTERN}}, where {@code PATTERN} is a {@link
 * DateTimeFormatter} pattern applied in UTC ({@code yyyy.MM.dd} for daily buckets, {@code yyyy.MM}
 * monthly, {@code YYYY.'w'ww} for ISO weeks, {@code yyyy.MM.dd.HH} hourly).
 *
 * <p>The pattern must name calendar buckets: hours, days, ISO weeks (starting on Monday), months or
 * years, each with a text of its own. That is checked, not assumed: the granularity is the one unit
 * for which the pattern gives one text over each whole bucket and different texts to different
 * buckets, over several years of samples; a pattern with minutes, or one that names two different
 * weeks alike ({@code yyyy.ww} at a year's end), is refused.
 */
public final class BucketFormat {

  /** The placeholder in a format, with its pattern as group 1. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{time:([^}]*)}");

  /** The units a bucket may span, finest first. */
  enum Unit {
    HOURS,
    DAYS,
    WEEKS,
    MONTHS,
    YEARS;

    ZonedDateTime start(ZonedDateTime time) {
      return switch (this) {
        case HOURS -> time.truncatedTo(ChronoUnit.HOURS);
        case DAYS -> time.truncatedTo(ChronoUnit.DAYS);
        case WEEKS ->
            time.truncatedTo(ChronoUnit.DAYS)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case MONTHS -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        case YEARS -> time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
      };
    }

    ZonedDateTime next(ZonedDateTime start) {
      return switch (this) {
        case HOURS -> start.plusHours(1);
        case DAYS -> start.plusDays(1);
        case WEEKS -> start.plusWeeks(1);
        case MONTHS -> start.plusMonths(1);
        case YEARS -> start.plusYears(1);
      };
    }

    /**
     * How many buckets of this unit the check walks through from each sample start: a few years'
     * worth, short enough that the walks from the two starts never meet.
     */
    int samples() {
      return switch (this) {
        case HOURS -> 24 * 9;
        case DAYS -> 3 * 366;
        case WEEKS -> 4 * 53;
        case MONTHS -> 5 * 12;
        case YEARS -> 6;
      };
    }
  }

  // Samples start in late December so that they cross years, leap days and ISO week-years.
  private static final List<ZonedDateTime> SAMPLE_STARTS =
      List.of(
          ZonedDateTime.of(2019, 12, 23, 0, 0, 0, 0, ZoneOffset.UTC),
          ZonedDateTime.of(2026, 12, 28, 0, 0, 0, 0, ZoneOffset.UTC));

  // Week-based letters (Y, w) follow the locale's weeks: British weeks are ISO weeks (Monday
  // first, week 1 holds the year's first Thursday); month and day names are English.
  private static final Locale ISO_WEEKS = Locale.forLanguageTag("en-GB");

  private final String pattern;
  private final DateTimeFormatter formatter;
  private final Unit unit;

  private BucketFormat(String pattern, DateTimeFormatter formatter, Unit unit) {
    this.pattern = pattern;
    this.formatter = formatter;
    this.unit = unit;
  }

  /**
   * The bucket format in an index name format, if it has {@code ${time:...}}.
   *
   * @throws IllegalArgumentException when the pattern is not a valid pattern of calendar buckets,
   *     or the format has it more than once
   */
  public static Optional<BucketFormat> in(String nameFormat) {
    Matcher placeholder = PLACEHOLDER.matcher(nameFormat);
    if (!placeholder.find()) {
      return Optional.empty();
    }
    String pattern = placeholder.group(1);
    if (placeholder.find()) {
      throw new IllegalArgumentException(
          "The format has ${time:...} more than once; one time bucket per name");
    }
    return Optional.of(of(pattern));
  }

  /** Whether a name format has a time placeholder. */
  public static boolean inFormat(String nameFormat) {
    return PLACEHOLDER.matcher(nameFormat).find();
  }

  static BucketFormat of(String pattern) {
    DateTimeFormatter formatter;
    try {
      formatter = DateTimeFormatter.ofPattern(pattern, ISO_WEEKS).withZone(ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + pattern + "' is not a date-time pattern: " + e.getMessage(), e);
    }
    for (Unit unit : Unit.values()) {
      if (names(formatter, unit)) {
        return new BucketFormat(pattern, formatter, unit);
      }
    }
    throw new IllegalArgumentException(
        "'"
            + pattern
            + "' does not name calendar buckets: it must give one text for every time in an"
            + " hour, day, ISO week (Monday to Sunday), month or year, and a different text for"
            + " each, such as yyyy.MM.dd, YYYY.'w'ww, yyyy.MM or yyyy.MM.dd.HH");
  }

  /** Whether {@code formatter} gives each bucket of {@code unit} a text of its own. */
  private static boolean names(DateTimeFormatter formatter, Unit unit) {
    Set<String> seen = new HashSet<>();
    try {
      for (ZonedDateTime first : SAMPLE_STARTS) {
        ZonedDateTime start = unit.start(first);
        for (int i = 0; i < unit.samples(); i++) {
          ZonedDateTime next = unit.next(start);
          String text = formatter.format(start);
          if (!text.equals(formatter.format(next.minusNanos(1))) || !seen.add(text)) {
            return false;
          }
          start = next;
        }
      }
    } catch (java.time.DateTimeException e) {
      return false;
    }
    return true;
  }

  /** The bucket that {@code time} falls into. */
  public TimeBucket bucketOf(Instant time) {
    ZonedDateTime start = unit.start(time.atZone(ZoneOffset.UTC));
    return new TimeBucket(formatter.format(start), start.toInstant(), unit.next(start).toInstant());
  }

  /** When the bucket that {@code time} falls into starts: cheaper than {@link #bucketOf}. */
  Instant startOf(Instant time) {
    if (unit == Unit.HOURS || unit == Unit.DAYS) {
      long size = unit == Unit.HOURS ? 3_600_000L : 86_400_000L;
      return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), size) * size);
    }
    return unit.start(time.atZone(ZoneOffset.UTC)).toInstant();
  }

  Unit unit() {
    return unit;
  }

  @Override
  public String toString() {
    return "${time:" + pattern + "}";
  }
}
